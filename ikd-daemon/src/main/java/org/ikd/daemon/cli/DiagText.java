package org.ikd.daemon.cli;

import org.ikd.daemon.control.DiagReport;

/** {@code ikdctl diag}: one line per check, the last failures, and a verdict. */
final class DiagText {
    private DiagText() {}

    static String render(DiagReport r) {
        StringBuilder b = new StringBuilder("ikd diagnostics\n");
        TextTable checks = new TextTable("Result", "Check", "Found");
        for (DiagReport.Check c : r.checks()) checks.row(c.status(), c.name(), c.detail());
        b.append(checks.render("  "));
        if (r.lastFailures().isEmpty()) {
            b.append("Last negotiation failures: none\n");
        } else {
            TextTable f = new TextTable("Time", "Mode", "Rule", "Peer", "Failure point", "Reason");
            for (DiagReport.Failure x : r.lastFailures())
                f.row(x.time(), x.mode(), x.rule(), x.peer(), x.failurePoint(), x.reason());
            b.append("Last negotiation failures: ").append(r.lastFailures().size()).append('\n').append(f.render("  "));
        }
        long failed = r.checks().stream().filter(c -> c.status() == DiagReport.Status.FAIL).count();
        long warned = r.checks().stream().filter(c -> c.status() == DiagReport.Status.WARN).count();
        return b.append("Result: ").append(failed == 0 && warned == 0 ? "all checks passed"
                : failed + " failed, " + warned + " warning" + (warned == 1 ? "" : "s")).append('\n').toString();
    }
}
