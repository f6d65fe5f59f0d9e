package org.ikd.it.dpd;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.TwoHosts;
import org.ikd.it.nat.NatPolicies;
import org.ikd.it.nat.NatTraffic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DPD actions {@code clear} and {@code hold} (strongSwan's dpd_action clear / trap), ikd ↔ ikd in
 * namespaces: A probes B (delay 2 s, timeout 5 s), B is killed with SIGKILL, A declares it dead.
 * <ol>
 * <li>clear: A's pings to B's network start no Main Mode, they are dropped and counted
 *     ({@code dpd-cleared}); when B is back and negotiates with A itself, the clearance is lifted;
 * <li>hold: A's first ping starts a Main Mode at once; when B is back the SA comes back.
 * </ol>
 */
class DeadPeerClearAndHoldIT {
    private static final long DELAY = 2;
    private static final long TIMEOUT = 5;

    @TempDir
    Path dir;

    @BeforeEach
    void needsRootAndTools() throws Exception {
        assumeTrue(NatTraffic.isRoot(), "needs root (namespaces, TUN, raw sockets)");
        assumeTrue(Command.available("ping"), "needs ping");
    }

    private static String policyA(String action) {
        return NatPolicies.tunnel(TwoHosts.A, TwoHosts.B, TwoHosts.NET_A, TwoHosts.NET_B, "aes128gcm16",
                "nat-traversal = \"force\"\ndpd = { delay = \"" + DELAY + "s\", timeout = \"" + TIMEOUT + "s\", action = \"" + action + "\" }");
    }

    private static String policyB() {
        return NatPolicies.tunnel(TwoHosts.B, TwoHosts.A, TwoHosts.NET_B, TwoHosts.NET_A, "aes128gcm16", "nat-traversal = \"force\"");
    }

    /** Tunnel up, B killed, A's verdict "peer is dead" and its action line; returns when that line is in A's log. */
    private static LocalDateTime killAndAwaitVerdict(TwoHosts lab, IkdNode a, IkdNode b, String actionLine) {
        NatTraffic.assertPings(lab.a, 2, TwoHosts.INNER_A, TwoHosts.INNER_B);
        IkdNode.sleep(DELAY * 1000 + 500);
        LocalDateTime killed = LocalDateTime.now();
        b.kill();
        OakleyTimes.await(a::oakleyLog, "peer is dead", killed, Duration.ofSeconds(DELAY + TIMEOUT + 10))
                .orElseThrow(() -> new AssertionError("no DPD verdict:\n" + a.oakleyLog()));
        return OakleyTimes.await(a::oakleyLog, actionLine, killed, Duration.ofSeconds(5))
                .orElseThrow(() -> new AssertionError("no '" + actionLine + "' line:\n" + a.oakleyLog()));
    }

    @Test
    void clearDropsTheTrafficWithoutMainModeUntilThePeerNegotiatesAgain() throws Exception {
        long t0 = System.nanoTime();
        try (TwoHosts lab = TwoHosts.create("ikd-di-c");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), policyA("clear"));
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), policyB())) {
            LocalDateTime dead = killAndAwaitVerdict(lab, a, b, "action clear: rule 'net' stays down");
            assertFalse(NatTraffic.answers(lab.a, TwoHosts.INNER_A, TwoHosts.INNER_B, 1));
            lab.a.exec(10, "ping", "-c", "3", "-i", "0.5", "-W", "1", "-I", TwoHosts.INNER_A, TwoHosts.INNER_B);
            IkdNode.sleep(1000);
            String log = a.oakleyLog();
            assertTrue(OakleyTimes.first(log, "MM#1 send", dead).isEmpty(), "clear: no Main Mode toward the dead peer:\n" + log);
            assertTrue(OakleyTimes.first(log, "ACQUIRE", dead).isEmpty(), "clear: no acquire toward the dead peer:\n" + log);
            assertTrue(log.contains("action clear: dropping rule 'net' traffic to the dead peer"), log);
            String stats = a.ikdctl("show", "stats");
            assertTrue(stats.contains("dpd-cleared"), "the drops are counted by reason:\n" + stats);

            LocalDateTime restarting = LocalDateTime.now();
            b.restart();
            // B has no SA and no DPD: its own ping negotiates with A, which lifts A's clearance
            NatTraffic.assertPings(lab.b, 2, TwoHosts.INNER_B, TwoHosts.INNER_A);
            assertTrue(OakleyTimes.await(a::oakleyLog, "clear lifted for rule 'net' (the peer negotiated", restarting,
                    Duration.ofSeconds(5)).isPresent(), a.oakleyLog());
            NatTraffic.assertPings(lab.a, 2, TwoHosts.INNER_A, TwoHosts.INNER_B);
        }
        System.out.printf("DPD clear: %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @Test
    void holdStartsAMainModeOnTheFirstPacketAndTheSaComesBackWithThePeer() throws Exception {
        long t0 = System.nanoTime();
        try (TwoHosts lab = TwoHosts.create("ikd-di-h");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), policyA("hold"));
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), policyB())) {
            LocalDateTime dead = killAndAwaitVerdict(lab, a, b, "action hold: rule 'net' negotiates again on its next packet");
            IkdNode.sleep(1000);
            assertTrue(OakleyTimes.first(a.oakleyLog(), "MM#1 send", dead).isEmpty(), "hold: nothing before a packet:\n" + a.oakleyLog());
            LocalDateTime ping = LocalDateTime.now();
            lab.a.exec(10, "ping", "-c", "1", "-W", "1", "-I", TwoHosts.INNER_A, TwoHosts.INNER_B);
            assertTrue(OakleyTimes.await(a::oakleyLog, "MM#1 send", ping, Duration.ofSeconds(5)).isPresent(),
                    "hold: the first packet starts a Main Mode:\n" + a.oakleyLog());
            b.restart();
            OakleyTimes.await(a::oakleyLog, "-> installed", ping, Duration.ofSeconds(45))
                    .orElseThrow(() -> new AssertionError("the SA did not come back:\n" + a.oakleyLog()));
            NatTraffic.assertPings(lab.a, 2, TwoHosts.INNER_A, TwoHosts.INNER_B);
        }
        System.out.printf("DPD hold: %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
}
