package org.ikd.it.hostile;

/** Policy files for these tests (the PSK file is {@code it.psk}, see {@link IkdUnderTest}). */
public final class HostilePolicies {
    private HostilePolicies() {}

    /** ESP transport mode between two hosts, Main Mode aes128-sha256-modp2048 with PSK. */
    public static String transport(String me, String peer, String esp) {
        return transportTo(me, peer, esp);
    }

    /** The same, to every host of {@code peers} (an address or a subnet such as 198.18.0.0/17). */
    public static String transportTo(String me, String peers, String esp) {
        return """
            name = "it-hostile"
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
            """.formatted(me, peers, esp);
    }
}
