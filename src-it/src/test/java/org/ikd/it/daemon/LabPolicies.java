package org.ikd.it.daemon;

import org.ikd.it.lab.PolicyToml;

/** Policy files for the daemon tests: the PSK is {@code it.psk} beside the policy (see {@link org.ikd.it.lab.IkdNode}). */
public final class LabPolicies {
    private LabPolicies() {}

    /** ESP transport mode between two hosts. */
    public static String transport(String me, String peer, String esp) {
        return transport(me, peer, esp, "60m");
    }

    /** ESP transport mode between two hosts, IPsec SAs living {@code lifetime}, PFS modp2048. */
    public static String transport(String me, String peer, String esp, String lifetime) {
        return PolicyToml.transport("it-transport", me, peer, "esp", "esp = \"" + esp + "\", lifetime = \"" + lifetime + "\"",
                "pfs = \"modp2048\"");
    }

    /** ESP tunnel mode between two subnets; {@code natTraversal} is auto, force or off. */
    static String tunnel(String me, String peer, String localNet, String remoteNet, String esp, String natTraversal) {
        return PolicyToml.tunnel("it-tunnel", me, peer, localNet, remoteNet, PolicyToml.MAIN_MODE, esp,
                "nat-traversal = \"" + natTraversal + "\"");
    }
}
