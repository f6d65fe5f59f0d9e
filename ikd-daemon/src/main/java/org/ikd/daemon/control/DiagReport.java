package org.ikd.daemon.control;

import java.util.List;

/**
 * {@code ikdctl diag} (netdiag /test:ipsec): checks in plain words, then the last negotiation
 * failures. The daemon runs the checks: policy loaded; UDP 500/4500 bound; TUN device, routes,
 * rules and nftables table in place; raw sockets open; SAs per rule.
 */
public record DiagReport(List<Check> checks, List<Failure> lastFailures) {
    public DiagReport {
        checks = checks == null ? List.of() : List.copyOf(checks);
        lastFailures = lastFailures == null ? List.of() : List.copyOf(lastFailures);
    }

    public enum Status { PASS, WARN, FAIL }

    /** One check: {@code name} says what was checked, {@code detail} what was found (and the fix when failed). */
    public record Check(String name, Status status, String detail) {
    }

    /**
     * A recent failed negotiation (event 547).
     *
     * @param time         ISO-8601 local time
     * @param mode         {@code main} or {@code quick}
     * @param failurePoint {@code me} or {@code peer}: whose policy or reply made it fail
     */
    public record Failure(String time, String mode, String rule, String peer, String failurePoint, String reason) {
    }

    public boolean failed() {
        return checks.stream().anyMatch(c -> c.status() == Status.FAIL);
    }
}
