package org.ikd.it.hostile;

import org.ikd.it.lab.PolicyToml;

/** Policy files for these tests (the PSK file is {@code it.psk}, see {@link org.ikd.it.lab.IkdNode}). */
public final class HostilePolicies {
    private HostilePolicies() {}

    /** ESP transport mode between two hosts, Main Mode aes128-sha256-modp2048 with PSK. */
    public static String transport(String me, String peer, String esp) {
        return transportTo(me, peer, esp);
    }

    /** The same, to every host of {@code peers} (an address or a subnet such as 198.18.0.0/17). */
    public static String transportTo(String me, String peers, String esp) {
        return PolicyToml.transport("it-hostile", me, peers, "esp", "esp = \"" + esp + "\"");
    }
}
