package org.ikd.it.natx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.NatLab;
import org.ikd.it.nat.NatPolicies;
import org.ikd.it.nat.NatTraffic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NAT forgets A ({@code conntrack -F} in R, as after a NAT reboot) and maps it to a new random
 * port; B, the outside responder, must follow (RFC 3948 §2, RFC 3947 §4, as charon does):
 * <ol>
 * <li>on authenticated ESP-in-UDP: A pings B right after the flush; B's reply must take the new
 *     mapping, so the first ping is answered;
 * <li>on an authenticated IKE message: after another flush only B sends (its ESP goes to the dead
 *     mapping and is lost); A's keepalives re-create a mapping but are not authenticated, A's next
 *     DPD R-U-THERE (every 2 s) is, and B's traffic resumes through it.
 * </ol>
 */
class NatRemapIT {
    private static final Pattern MAPPED_4500 = Pattern.compile(
            "src=" + Pattern.quote(NatLab.A) + " dst=" + Pattern.quote(NatLab.B) + " sport=4500 dport=4500 .*?"
            + "src=" + Pattern.quote(NatLab.B) + " dst=" + Pattern.quote(NatLab.R_OUTSIDE) + " sport=4500 dport=(\\d+)");
    private static final int BOUND_SECONDS = 20;

    @TempDir
    Path dir;

    @BeforeEach
    void needsRootAndTools() throws Exception {
        assumeTrue(NatTraffic.isRoot(), "needs root (namespaces, TUN, raw sockets, nftables)");
        assumeTrue(Command.available("nft") && Command.available("conntrack") && Command.available("ping"),
                "needs nft, conntrack and ping (.ci/run installs them)");
    }

    private static String mappedPort(NatLab lab) {
        String table = lab.udpMappings();
        Matcher m = MAPPED_4500.matcher(table);
        assertTrue(m.find(), "R has no mapping for A's UDP 4500:\n" + table);
        return m.group(1);
    }

    /** Seconds until one ping of {@code from} in {@code ns} is answered (1 s each), at most BOUND_SECONDS. */
    private static double secondsUntilAnswered(org.ikd.it.lab.Netns ns, String from, String to) {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < BOUND_SECONDS * 1_000_000_000L) {
            if (NatTraffic.answers(ns, from, to, 1)) return (System.nanoTime() - t0) / 1e9;
        }
        return Double.NaN;
    }

    @Test
    void theOutsideResponderFollowsANewNatPortOnEspAndOnIke() throws Exception {
        try (NatLab lab = NatLab.create("ikd-ng-m", true);
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), NatPolicies.tunnel(NatLab.A, NatLab.B, NatLab.NET_A, NatLab.NET_B,
                     "aes128gcm16", "nat-keepalive = \"3s\"\ndpd = { delay = \"2s\", timeout = \"60s\", action = \"clear\" }"));
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), NatPolicies.tunnel(NatLab.B, NatLab.R_OUTSIDE, NatLab.NET_B,
                     NatLab.NET_A, "aes128gcm16", ""))) {
            NatTraffic.assertPings(lab.a, 2, NatLab.INNER_A, NatLab.INNER_B);
            String first = mappedPort(lab);

            lab.flushMappings();
            String out = NatTraffic.assertPings(lab.a, 1, NatLab.INNER_A, NatLab.INNER_B);   // the very first reply must make it
            String second = mappedPort(lab);
            assertNotEquals(first, second, "the NAT should have chosen a new port:\n" + lab.udpMappings());
            assertTrue(b.oakleyLog().contains("NAT mapping changed: peer moved from " + NatLab.R_OUTSIDE + ":" + first
                    + " (authenticated ESP)"), b.oakleyLog());
            System.out.println("remap on ESP: " + first + " -> " + second + ", first ping after the flush answered: "
                    + out.lines().filter(l -> l.contains("time=")).findFirst().orElse(""));

            lab.flushMappings();
            double seconds = secondsUntilAnswered(lab.b, NatLab.INNER_B, NatLab.INNER_A);
            assertTrue(!Double.isNaN(seconds), "B's pings never came through after the second flush\n" + b.oakleyLog());
            String third = mappedPort(lab);
            assertNotEquals(second, third);
            assertTrue(b.oakleyLog().contains("NAT mapping changed: peer moved from " + NatLab.R_OUTSIDE + ":" + second
                    + " (authenticated IKE message)"), b.oakleyLog());
            assertEquals(1, b.ikdctl("show", "mm").lines().filter(l -> l.contains(NatLab.R_OUTSIDE)).count(), b.ikdctl("show", "mm"));
            System.out.printf("remap on IKE: %s -> %s, B's traffic to A back after %.1f s (DPD delay 2 s, keepalive 3 s)%n",
                    second, third, seconds);
        }
    }
}
