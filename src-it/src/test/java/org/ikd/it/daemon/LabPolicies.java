package org.ikd.it.daemon;

/** Policy files for the daemon tests: the PSK is {@code it.psk} beside the policy (see {@link IkdProcess}). */
public final class LabPolicies {
    private LabPolicies() {}

    /** ESP transport mode between two hosts. */
    public static String transport(String me, String peer, String esp) {
        return transport(me, peer, esp, "60m");
    }

    /** ESP transport mode between two hosts, IPsec SAs living {@code lifetime}. */
    public static String transport(String me, String peer, String esp, String lifetime) {
        return """
            name = "it-transport"
            local-addresses = ["%1$s"]

            [main-mode]
            methods = ["aes128-sha256-modp2048"]

            [filter-lists.peer]
            filters = [ { source = "me", destination = "%2$s" } ]

            [filter-actions.esp]
            action = "negotiate"
            methods = [ { esp = "%3$s", lifetime = "%4$s" } ]
            pfs = "modp2048"

            [[rules]]
            name = "peer"
            filter-list = "peer"
            filter-action = "esp"
            authentication = [ { psk-file = "it.psk" } ]
            """.formatted(me, peer, esp, lifetime);
    }

    /** ESP tunnel mode between two subnets; {@code natTraversal} is auto, force or off. */
    static String tunnel(String me, String peer, String localNet, String remoteNet, String esp, String natTraversal) {
        return """
            name = "it-tunnel"
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
            nat-traversal = "%6$s"
            """.formatted(me, peer, localNet, remoteNet, esp, natTraversal);
    }
}
