package org.ikd.daemon.admin;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.ikd.core.policy.AddressText;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.Rule;
import org.ikd.daemon.control.DiagReport.Check;
import org.ikd.daemon.control.DiagReport.Status;
import org.ikd.daemon.control.DiagReport;
import org.ikd.daemon.datapath.Workers;
import org.ikd.daemon.policy.PolicyInForce;
import org.ikd.daemon.policyfile.ParsedPolicy;
import org.ikd.daemon.sa.IkeOutcomes;
import org.ikd.daemon.sa.InstalledPairs;
import org.ikd.tun.IpPrefix;
import org.ikd.tun.LinkLayer;
import org.ikd.tun.LinkSettings;
import org.ikd.tun.Route;

/**
 * {@code ikdctl diag} (netdiag's /test:ipsec): each check looks at the host, not at what ikd
 * believes it did. Runs on a control worker thread (it asks rtnetlink and runs {@code nft}).
 * <ol>
 * <li>policy loaded (dynamic rules counted); 2. IKE sockets bound; 3. TUN device present;
 * <li>routes of protected destinations in ikd's table, and none of them covering a LAN of this
 *     gateway that a tunnel rule names (RoutedLans); 5. the policy-routing rule;
 * <li>the nftables table; 7. the packet pumps (raw ESP/AH sockets, TUN queues) running;
 * <li>SAs per negotiate rule; 9. the failed negotiations, the last one with its reason.
 * </ol>
 */
public final class DiagChecks {
    /** What the checks look at: the policy in force, the sockets, the host's link layer, the pumps and the SAs. */
    public record Sources(Supplier<ParsedPolicy> policy, Supplier<List<InetSocketAddress>> boundAddresses, LinkSettings linkSettings,
            LinkLayer link, PolicyInForce inForce, Workers workers, InstalledPairs installed, IkeOutcomes outcomes) {}

    private final Sources d;
    private final List<Check> checks = new ArrayList<>();

    private DiagChecks(Sources d) {
        this.d = d;
    }

    static DiagReport run(Sources d) {
        DiagChecks c = new DiagChecks(d);
        c.policy();
        c.add("IKE sockets", Status.PASS, "bound: " + d.boundAddresses().get().stream().map(AddressText::of).collect(Collectors.joining(", ")));
        c.host();
        c.pumps();
        c.sasPerRule();
        return new DiagReport(c.checks, c.failures());
    }

    private void add(String name, Status s, String detail) {
        checks.add(new Check(name, s, detail));
    }

    private void policy() {
        ParsedPolicy p = d.policy().get();
        long dynamic = p.policy().rules().stream().filter(Rule::dynamic).count();
        add("policy", Status.PASS, p.file() + ": " + p.summary() + (dynamic > 0 ? "; " + dynamic + " of the rules dynamic" : ""));
    }

    private void host() {
        LinkSettings s = d.linkSettings();
        try {
            int tun = d.link().routing().interfaceIndex(s.tunName());
            add("TUN device", tun >= 0 ? Status.PASS : Status.FAIL, s.tunName() + (tun >= 0 ? " is up" : " is missing: restart ikd"));
            Set<IpPrefix> routed = new HashSet<>();
            for (Route r : d.link().routing().listRoutes(s.routeTable())) routed.add(r.destination());
            Set<IpPrefix> missing = new HashSet<>(d.inForce().routes());
            missing.removeAll(routed);
            add("routes", missing.isEmpty() ? Status.PASS : Status.FAIL, missing.isEmpty()
                    ? d.inForce().routes().size() + " protected destination(s) routed into " + s.tunName() + " (table " + s.routeTable() + ")"
                    : "missing from table " + s.routeTable() + ": " + missing + "; ikdctl reload puts them back (see: ip route show table "
                    + s.routeTable() + ")");
            localNetworks(s, routed);
            boolean rule = !d.link().routing().listRules(s.rulePriority()).isEmpty();
            add("routing rule", rule ? Status.PASS : Status.FAIL, rule ? "priority " + s.rulePriority() + " -> table " + s.routeTable()
                    : "no rule at priority " + s.rulePriority() + ": restart ikd (see: ip rule show)");
        } catch (IOException e) {
            add("TUN device and routes", Status.WARN, "cannot ask rtnetlink: " + e.getMessage());
        }
        nftables(s.nftTable());
    }

    /** A LAN of this gateway routed into the TUN (RoutedLans): its hosts cannot reach us, so nothing is negotiated for them. */
    private void localNetworks(LinkSettings s, Set<IpPrefix> routed) {
        try {
            List<String> cut = RoutedLans.find(routed, RoutedLans.connected(s.tunName()), RoutedLans.tunnelSides(d.policy().get().policy()));
            add("local networks", cut.isEmpty() ? Status.PASS : Status.FAIL, cut.isEmpty()
                    ? "no network of this host's devices is routed into " + s.tunName()
                    : String.join("; ", cut) + ": routed into " + s.tunName() + ", so its hosts cannot reach this gateway; write the"
                    + " tunnel rule's filter from this side to the other (source = this LAN, destination = the remote LAN)");
        } catch (IOException e) {
            add("local networks", Status.WARN, "cannot list this host's devices: " + e.getMessage());
        }
    }

    private void nftables(String table) {
        try {
            Process p = new ProcessBuilder("nft", "list", "table", "inet", table).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                add("nftables", Status.WARN, "nft did not answer within 3 s");
                return;
            }
            add("nftables", p.exitValue() == 0 ? Status.PASS : Status.FAIL, p.exitValue() == 0
                    ? "table inet " + table + " in place (" + d.inForce().current().enforcement().peers().size() + " protected peer(s))"
                    : "table inet " + table + " is missing (" + out.strip() + "): ikdctl reload puts it back");
        } catch (IOException e) {
            add("nftables", Status.WARN, "cannot run nft: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pumps() {
        List<String> stopped = d.workers().stopped();
        add("raw sockets and pumps", stopped.isEmpty() ? Status.PASS : Status.FAIL, stopped.isEmpty()
                ? "raw ESP and AH sockets open, " + d.workers().count() + " packet pumps running"
                : "stopped: " + String.join(", ", stopped) + ": restart ikd (journalctl -u ikd says why)");
    }

    private void sasPerRule() {
        for (Rule r : d.policy().get().policy().rules()) {
            if (!(r.action() instanceof FilterAction.Negotiate)) continue;
            long sas = d.installed().all().stream().filter(i -> i.rule().equals(r.name())).count();
            add("SAs of rule " + r.name(), sas > 0 ? Status.PASS : Status.WARN,
                    sas + " Quick Mode SA(s)" + (sas > 0 ? "" : ": none yet (traffic or ikdctl initiate starts one)"));
        }
    }

    private List<DiagReport.Failure> failures() {
        List<DiagReport.Failure> failures = d.outcomes().lastFailures();
        if (failures.isEmpty()) {
            add("negotiations", Status.PASS, "no failed negotiation");
        } else {
            DiagReport.Failure last = failures.get(failures.size() - 1);
            add("negotiations", Status.WARN, failures.size() + " failed (the last 10 are kept, listed below); the last, "
                    + last.mode() + " mode with " + last.peer() + " at " + last.time() + " (failure point: "
                    + last.failurePoint() + "): " + last.reason());
        }
        return failures;
    }
}
