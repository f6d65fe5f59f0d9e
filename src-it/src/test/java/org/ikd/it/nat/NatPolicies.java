package org.ikd.it.nat;

/**
 * Policy files for the NAT and DPD tests: one ESP tunnel rule between two inner networks, PSK
 * {@code it.psk} (see {@link org.ikd.it.lab.IkdNode}), with the rule's extra lines (nat-traversal,
 * nat-keepalive, [rules.dpd]) appended as given.
 */
public final class NatPolicies {
    private NatPolicies() {}

    public static String tunnel(String me, String peer, String localNet, String remoteNet, String esp, String ruleExtra) {
        return """
            name = "it-nat"
            local-addresses = ["%1$s"]

            [main-mode]
            methods = ["aes128-sha256-modp2048"]

            [filter-lists.net]
            filters = [ { source = "%3$s", destination = "%4$s" } ]

            [filter-actions.esp]
            action = "negotiate"
            methods = [ { esp = "%5$s" } ]

            [[rules]]
            name = "net"
            filter-list = "net"
            filter-action = "esp"
            authentication = [ { psk-file = "it.psk" } ]
            tunnel = { remote = "%2$s", local = "%1$s" }
            %6$s
            """.formatted(me, peer, localNet, remoteNet, esp, ruleExtra);
    }

    /** ESP transport mode between {@code me} and {@code peer} (behind a NAT: the NAT's outside address). */
    public static String transport(String me, String peer, String esp, String ruleExtra) {
        return """
            name = "it-nat-transport"
            local-addresses = ["%1$s"]

            [main-mode]
            methods = ["aes128-sha256-modp2048"]

            [filter-lists.peer]
            filters = [ { source = "me", destination = "%2$s" } ]

            [filter-actions.esp]
            action = "negotiate"
            methods = [ { esp = "%3$s" } ]

            [[rules]]
            name = "peer"
            filter-list = "peer"
            filter-action = "esp"
            authentication = [ { psk-file = "it.psk" } ]
            %4$s
            """.formatted(me, peer, esp, ruleExtra);
    }
}
