package org.ikd.it.dpd;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.TwoHosts;
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
    @TempDir
    Path dir;

    @BeforeEach
    void needsRootAndTools() throws Exception {
        NatTraffic.assumeRootAnd("ping");
    }

    @Test
    void clearDropsTheTrafficWithoutMainModeUntilThePeerNegotiatesAgain() throws Exception {
        long t0 = System.nanoTime();
        try (DpdPair pair = DpdPair.start("ikd-di-c", dir, "clear")) {
            IkdNode a = pair.a;
            LocalDateTime dead = pair.killBAndAwaitVerdict("action clear: rule 'net' stays down");
            assertFalse(NatTraffic.answers(pair.lab.a, TwoHosts.INNER_A, TwoHosts.INNER_B, 1));
            pair.lab.a.exec(10, "ping", "-c", "3", "-i", "0.5", "-W", "1", "-I", TwoHosts.INNER_A, TwoHosts.INNER_B);
            IkdNode.sleep(1000);
            String log = a.oakleyLog();
            assertTrue(OakleyTimes.first(log, "MM#1 send", dead).isEmpty(), "clear: no Main Mode toward the dead peer:\n" + log);
            assertTrue(OakleyTimes.first(log, "ACQUIRE", dead).isEmpty(), "clear: no acquire toward the dead peer:\n" + log);
            assertTrue(log.contains("action clear: dropping rule 'net' traffic to the dead peer"), log);
            String stats = a.ikdctl("show", "stats");
            assertTrue(stats.contains("dpd-cleared"), "the drops are counted by reason:\n" + stats);

            LocalDateTime restarting = LocalDateTime.now();
            pair.b.restart();
            // B has no SA and no DPD: its own ping negotiates with A, which lifts A's clearance
            NatTraffic.assertPings(pair.lab.b, 2, TwoHosts.INNER_B, TwoHosts.INNER_A);
            assertTrue(OakleyTimes.await(a::oakleyLog, "clear lifted for rule 'net' (the peer negotiated", restarting,
                    Duration.ofSeconds(5)).isPresent(), a.oakleyLog());
            NatTraffic.assertPings(pair.lab.a, 2, TwoHosts.INNER_A, TwoHosts.INNER_B);
        }
        System.out.printf("DPD clear: %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @Test
    void holdStartsAMainModeOnTheFirstPacketAndTheSaComesBackWithThePeer() throws Exception {
        long t0 = System.nanoTime();
        try (DpdPair pair = DpdPair.start("ikd-di-h", dir, "hold")) {
            IkdNode a = pair.a;
            LocalDateTime dead = pair.killBAndAwaitVerdict("action hold: rule 'net' negotiates again on its next packet");
            IkdNode.sleep(1000);
            assertTrue(OakleyTimes.first(a.oakleyLog(), "MM#1 send", dead).isEmpty(), "hold: nothing before a packet:\n" + a.oakleyLog());
            LocalDateTime ping = LocalDateTime.now();
            pair.lab.a.exec(10, "ping", "-c", "1", "-W", "1", "-I", TwoHosts.INNER_A, TwoHosts.INNER_B);
            assertTrue(OakleyTimes.await(a::oakleyLog, "MM#1 send", ping, Duration.ofSeconds(5)).isPresent(),
                    "hold: the first packet starts a Main Mode:\n" + a.oakleyLog());
            pair.b.restart();
            OakleyTimes.await(a::oakleyLog, "-> installed", ping, Duration.ofSeconds(45))
                    .orElseThrow(() -> new AssertionError("the SA did not come back:\n" + a.oakleyLog()));
            NatTraffic.assertPings(pair.lab.a, 2, TwoHosts.INNER_A, TwoHosts.INNER_B);
        }
        System.out.printf("DPD hold: %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
}
