package org.ikd.it.actions;

import org.ikd.it.lab.TwoHosts;

/** Host A's policies for {@link PolicyActionsIT}: one peer, B, and the filter action under test. */
final class ActionPolicies {
    private ActionPolicies() {}

    private static final String HEAD = """
        name = "it-actions"
        local-addresses = ["%1$s"]

        [filter-lists.icmp]
        filters = [ { source = "me", destination = "%2$s", protocol = "icmp" } ]

        [filter-lists.peer]
        filters = [ { source = "me", destination = "%2$s" } ]

        [filter-actions.require-security]
        action = "negotiate"
        methods = [ { esp = "aes128gcm16" } ]
        accept-unsecured = %3$s

        """;

    private static String head(boolean acceptUnsecured) {
        return HEAD.formatted(TwoHosts.A, TwoHosts.B, acceptUnsecured);
    }

    /** Everything with B blocked. */
    static String block() {
        return head(false) + rule("peer", "peer", "block");
    }

    /** ICMP with B permitted, then everything else with B under {@code action} (block or require-security). */
    static String permitIcmpThen(String action) {
        return head(false) + rule("ping", "icmp", "permit") + rule("peer", "peer", action);
    }

    /** Everything with B negotiated; {@code acceptUnsecured}: B's cleartext is let in. */
    static String negotiate(boolean acceptUnsecured) {
        return head(acceptUnsecured) + rule("peer", "peer", "require-security");
    }

    private static String rule(String name, String list, String action) {
        String auth = action.equals("require-security") ? "authentication = [ { psk-file = \"it.psk\" } ]\n" : "";
        return """
            [[rules]]
            name = "%s"
            filter-list = "%s"
            filter-action = "%s"
            %s
            """.formatted(name, list, action, auth);
    }
}
