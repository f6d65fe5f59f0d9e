package org.ikd.it.nat;

import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.NatLab;
import org.ikd.it.lab.PolicyToml;
import org.ikd.it.lab.SwanctlConf;

/**
 * Policy files for the NAT and DPD tests: one ESP tunnel rule between two inner networks, PSK
 * {@code it.psk} (see {@link org.ikd.it.lab.IkdNode}), with the rule's extra lines (nat-traversal,
 * nat-keepalive, [rules.dpd]) appended as given.
 */
public final class NatPolicies {
    private NatPolicies() {}

    public static String tunnel(String me, String peer, String localNet, String remoteNet, String esp, String ruleExtra) {
        return PolicyToml.tunnel("it-nat", me, peer, localNet, remoteNet, PolicyToml.MAIN_MODE, esp, ruleExtra);
    }

    /** ESP transport mode between {@code me} and {@code peer} (behind a NAT: the NAT's outside address). */
    public static String transport(String me, String peer, String esp, String ruleExtra) {
        return PolicyToml.named("it-nat-transport", me).mainMode(PolicyToml.MAIN_MODE).filterList("peer", PolicyToml.peerOf(peer))
                .negotiate("esp", "esp = \"" + esp + "\"").pskRule("peer", "peer", "esp", ruleExtra).render();
    }

    /** A behind the NAT: tunnel to B's network with {@code natTraversal} (auto, draft-02, ...) and keepalives every 3 s. */
    public static String insideTunnel(String esp, String natTraversal) {
        return tunnel(NatLab.A, NatLab.B, NatLab.NET_A, NatLab.NET_B, esp, insideLines(natTraversal));
    }

    /** B outside: tunnel to A's network, whose peer is R's outside address (all B ever sees), NAT-T auto. */
    public static String outsideTunnel(String esp) {
        return tunnel(NatLab.B, NatLab.R_OUTSIDE, NatLab.NET_B, NatLab.NET_A, esp, "nat-traversal = \"auto\"");
    }

    /** A behind the NAT: transport mode to B with {@code natTraversal} and keepalives every 3 s. */
    public static String insideTransport(String esp, String natTraversal) {
        return transport(NatLab.A, NatLab.B, esp, insideLines(natTraversal));
    }

    /** B outside: transport mode to R's outside address, NAT-T auto. */
    public static String outsideTransport(String esp) {
        return transport(NatLab.B, NatLab.R_OUTSIDE, esp, "nat-traversal = \"auto\"");
    }

    /**
     * charon on B, PSK, ESP aes128gcm16: it expects ikd at R's outside address, identified by its
     * inside address (ID_IPV4_ADDR of A); {@code extra} follows {@code mobike = no} in the connection.
     */
    public static String charonOutside(String extra) {
        String conf = new SwanctlConf(NatLab.B, NatLab.R_OUTSIDE, NatLab.NET_B, NatLab.NET_A, PolicyToml.MAIN_MODE,
                "aes128gcm16", IkdNode.PSK, "none").render();
        return conf.replace("id = " + NatLab.R_OUTSIDE, "id = " + NatLab.A)
                .replace("id-b = " + NatLab.R_OUTSIDE, "id-b = " + NatLab.A)
                .replace("mobike = no", "mobike = no" + extra);
    }

    private static String insideLines(String natTraversal) {
        return "nat-traversal = \"" + natTraversal + "\"\nnat-keepalive = \"3s\"";
    }
}
