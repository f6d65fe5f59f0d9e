package org.ikd.daemon.cli;

import org.ikd.daemon.control.FilterTable;
import org.ikd.daemon.control.PolicyView;
import org.ikd.daemon.control.RuleView;

/** {@code ikdctl show policy} and {@code show filters}. */
final class PolicyText {
    private PolicyText() {}

    static String policy(PolicyView p) {
        PolicyView.MainMode mm = p.mainMode();
        StringBuilder b = new StringBuilder("Policy ").append(p.name()).append(" (").append(p.source()).append(")\n")
                .append("  Main Mode methods:  ").append(String.join(", ", mm.methods())).append('\n')
                .append("  Main Mode lifetime: ").append(mm.lifetimeSeconds() / 60).append(" min")
                .append(", master-key PFS: ").append(mm.masterKeyPfs() ? "yes" : "no")
                .append(", Quick Mode limit: ").append(mm.quickModeLimit() == 0 ? "none" : mm.quickModeLimit()).append('\n')
                .append("  Default response:   ").append(p.defaultResponse() ? "yes" : "no").append('\n');
        if (p.rules().isEmpty()) return b.append("Rules: none\n").toString();
        TextTable t = new TextTable("Rule", "Origin", "Filter list", "Action", "Security methods", "Options",
                "Authentication", "Mode");
        for (RuleView r : p.rules())
            t.row(r.name(), r.dynamic() ? "dynamic" : "file", r.filterList(), r.action() + " (" + r.actionName() + ")",
                    r.securityMethods().isEmpty() ? "-" : String.join("\n", r.securityMethods()), options(r),
                    r.authentication().isEmpty() ? "-" : String.join("\n", r.authentication()),
                    r.tunnelEndpoint() == null ? "transport" : "tunnel to " + r.tunnelEndpoint());
        return b.append("Rules: ").append(p.rules().size()).append('\n').append(t.render("  ")).toString();
    }

    static String filters(FilterTable f) {
        if (f.filters().isEmpty()) return "Filters: none\n";
        TextTable t = new TextTable("#", "Rule", "Source", "Src port", "Destination", "Dst port", "Protocol", "Action",
                "Mirror", "Origin").rightAligned(0);
        for (FilterTable.Entry e : f.filters())
            t.row(e.index(), e.rule(), e.source(), e.sourcePorts(), e.destination(), e.destinationPorts(), e.protocol(),
                    e.action(), e.mirror() ? "yes" : "no", e.dynamic() ? "dynamic" : "file");
        return "Filters: " + f.filters().size() + "\n" + t.render("  ");
    }

    private static String options(RuleView r) {
        StringBuilder b = new StringBuilder();
        if (r.pfsGroup() != null) b.append("pfs ").append(r.pfsGroup());
        if (r.acceptUnsecured()) b.append(b.length() > 0 ? "\n" : "").append("accept-unsecured");
        if (r.fallbackToClear()) b.append(b.length() > 0 ? "\n" : "").append("fallback-to-clear");
        return b.length() == 0 ? "-" : b.toString();
    }
}
