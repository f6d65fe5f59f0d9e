package org.ikd.it.dpd;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import org.ikd.it.lab.Charon;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.SwanctlConf;
import org.ikd.it.lab.TwoHosts;
import org.ikd.it.nat.NatTraffic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dead Peer Detection (RFC 3706) with {@code action = "restart"}: ikd on host A protects a tunnel
 * to a peer on host B, the peer is killed with SIGKILL (no Delete), A must declare it dead within
 * delay + timeout (here 2 s + 5 s), then keep negotiating until the peer is started again, when
 * the tunnel must come back by itself. Times come from A's Oakley log; the test prints them.
 */
class DeadPeerRestartIT {
    private static final long DELAY = DpdPair.DELAY;
    private static final long TIMEOUT = DpdPair.TIMEOUT;
    /** Timer and log latency on a loaded 2-core CI machine. */
    private static final double SLACK = 1.5;

    @TempDir
    Path dir;

    @BeforeEach
    void needsRootAndTools() throws Exception {
        NatTraffic.assumeRootAnd("ping");
    }

    @Test
    void ikdPeerKilledIsDetectedWithinDelayPlusTimeoutAndTheTunnelComesBack() throws Exception {
        try (DpdPair pair = DpdPair.start("ikd-nd-d", dir, "restart")) {
            TwoHosts lab = pair.lab;
            IkdNode a = pair.a;
            IkdNode b = pair.b;
            NatTraffic.assertPings(lab.a, 2, TwoHosts.INNER_A, TwoHosts.INNER_B);
            IkdNode.sleep(DELAY * 1000 + 500);      // at least one R-U-THERE answered
            assertTrue(a.oakleyLog().contains("DPD yes"), a.oakleyLog());
            LocalDateTime killed = LocalDateTime.now();
            b.kill();
            measure("ikd (kill -9)", a, killed, () -> b.restart(), lab);
        }
    }

    @Test
    void charonKilledIsDetectedWithinDelayPlusTimeoutAndTheTunnelComesBack() throws Exception {
        assumeTrue(Charon.installed(), "strongSwan is not installed (.ci/run installs it)");
        String conf = new SwanctlConf(TwoHosts.B, TwoHosts.A, TwoHosts.NET_B, TwoHosts.NET_A, "aes128-sha256-modp2048",
                "aes128gcm16", IkdNode.PSK, "none").render();
        Path charonDir = dir.resolve("charon");
        Charon[] charon = {null};
        try (TwoHosts lab = TwoHosts.create("ikd-nd-c");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), DpdPair.policyA(TwoHosts.B, "restart"))) {
            charon[0] = Charon.start(lab.b, charonDir, conf);
            try {
                NatTraffic.assertPings(lab.a, 2, TwoHosts.INNER_A, TwoHosts.INNER_B);
                IkdNode.sleep(DELAY * 1000 + 500);
                assertTrue(a.oakleyLog().contains("DPD yes"), "charon announces DPD (RFC 3706 §4):\n" + a.oakleyLog());
                LocalDateTime killed = LocalDateTime.now();
                charon[0].kill();
                measure("strongSwan (kill -9)", a, killed, () -> {
                    try {
                        Files.deleteIfExists(charonDir.resolve("charon.vici"));    // left behind by the crash
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    charon[0] = Charon.start(lab.b, charonDir, conf);
                }, lab);
            } finally {
                if (charon[0] != null) charon[0].close();
            }
        }
    }

    /** Detection from kill to "peer is dead"; recovery from the peer's restart to A's next installed pair. */
    private static void measure(String who, IkdNode a, LocalDateTime killed, Runnable restartPeer, TwoHosts lab) {
        LocalDateTime dead = OakleyTimes.await(a::oakleyLog, "peer is dead", killed, Duration.ofSeconds(DELAY + TIMEOUT + 10))
                .orElseThrow(() -> new AssertionError("no DPD verdict:\n" + a.oakleyLog()));
        double detection = OakleyTimes.seconds(killed, dead);
        assertTrue(detection <= DELAY + TIMEOUT + SLACK, who + ": detected after " + detection + " s, more than delay "
                + DELAY + " s + timeout " + TIMEOUT + " s:\n" + a.oakleyLog());
        // the next Oakley line; the log is written asynchronously, so wait for it rather than read once
        assertTrue(OakleyTimes.await(a::oakleyLog, "action restart", killed, Duration.ofSeconds(5)).isPresent(), a.oakleyLog());
        IkdNode.sleep(1000);     // a retry or two against the dead peer
        LocalDateTime restarting = LocalDateTime.now();
        restartPeer.run();
        LocalDateTime up = LocalDateTime.now();
        LocalDateTime back = OakleyTimes.await(a::oakleyLog, "-> installed", dead, Duration.ofSeconds(45))
                .orElseThrow(() -> new AssertionError("the tunnel did not come back:\n" + a.oakleyLog()));
        try {
            NatTraffic.assertPings(lab.a, 2, TwoHosts.INNER_A, TwoHosts.INNER_B);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nA's Oakley log:\n" + a.oakleyLog() + "\nA's output:\n" + a.output(), e);
        }
        System.out.printf("DPD %s: delay %d s, timeout %d s: detected %.2f s after the kill; peer restarted in %.2f s; "
                        + "tunnel back %.2f s after the peer was up (%.2f s after its restart began)%n",
                who, DELAY, TIMEOUT, detection, OakleyTimes.seconds(restarting, up), OakleyTimes.seconds(up, back),
                OakleyTimes.seconds(restarting, back));
    }
}
