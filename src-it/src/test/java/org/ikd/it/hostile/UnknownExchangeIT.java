package org.ikd.it.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.ikd.it.lab.Charon;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exchanges ikd does not speak get the notify the RFCs prescribe, not silence (issue 13), judged by
 * independent senders on host A against the daemon on host B: ike-scan's Aggressive Mode (RFC 2409
 * §5.4) gets an INVALID-EXCHANGE-TYPE Informational (RFC 2408 §5.2) and its IKEv2 IKE_SA_INIT an
 * INVALID_MAJOR_VERSION (RFC 7296 §1.5), as ike-scan decodes them; strongSwan's charon, as an IKEv2
 * initiator and as an IKEv1 Aggressive Mode initiator, reads the answer and gives up at once instead
 * of retransmitting into silence. B counts them (ikdctl show stats: unsupportedExchanges) and writes
 * one Oakley line each.
 */
class UnknownExchangeIT {
    @TempDir
    Path dir;

    @BeforeEach
    void needsRootAndIkeScan() {
        assumeTrue(Pings.isRoot(), "needs root (namespaces)");
        assumeTrue(Pings.available("ike-scan"), "needs ike-scan (.ci/run installs it)");
    }

    private static IkdNode responder(TwoHosts lab, Path dir) {
        return IkdNode.start(lab.b, dir, HostilePolicies.transport(TwoHosts.B, TwoHosts.A, "aes128gcm16"));
    }

    /** ike-scan in A against B, one probe with two retries (bounded: 3 x 1 s): its report. */
    private static String ikeScan(TwoHosts lab, String... options) {
        String[] argv = new String[options.length + 4];
        argv[0] = "ike-scan";
        System.arraycopy(options, 0, argv, 1, options.length);
        argv[options.length + 1] = "--retry=3";
        argv[options.length + 2] = "--timeout=1000";
        argv[options.length + 3] = TwoHosts.B;
        Command.Result r = lab.a.exec(30, argv);
        System.out.println(String.join(" ", argv) + ":\n" + r.stdout().strip());
        return r.stdout() + r.stderr();
    }

    /** Waits (10 s at most) for {@code text} in B's Oakley log; the log. */
    private static String awaitOakley(IkdNode ikd, String text) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        String log = ikd.oakleyLog();
        while (!log.contains(text) && System.nanoTime() < deadline) {
            IkdNode.sleep(100);
            log = ikd.oakleyLog();
        }
        return log;
    }

    @Test
    void aggressiveModeGetsInvalidExchangeType() {
        try (TwoHosts lab = TwoHosts.create("iku-ag"); IkdNode b = responder(lab, dir.resolve("b"))) {
            Counters before = Counters.of(b);

            String scan = ikeScan(lab, "--aggressive", "--id=iku-probe");

            // ike-scan names IKEv1 notify types as RFC 2408 §3.14.1 spells them
            assertTrue(scan.contains(TwoHosts.B + "\tNotify message 7 (INVALID-EXCHANGE-TYPE)"), scan);
            assertTrue(scan.contains("1 returned notify"), scan);
            String line = TwoHosts.A + " IKE Aggressive Mode (exchange 4) is not supported -> INVALID-EXCHANGE-TYPE";
            String log = awaitOakley(b, line);
            assertTrue(log.contains(line), log);
            assertEquals(1, Counters.of(b).since(before, "unsupportedExchanges"), scan);
            assertTrue(b.isAlive(), b.output());
        }
    }

    @Test
    void ikev2IkeSaInitGetsInvalidMajorVersion() {
        try (TwoHosts lab = TwoHosts.create("iku-v2"); IkdNode b = responder(lab, dir.resolve("b"))) {
            Counters before = Counters.of(b);

            String scan = ikeScan(lab, "--ikev2");

            // ike-scan names IKEv2 notify types as RFC 7296 §3.10.1 spells them, and sees the version 2 header
            assertTrue(scan.contains(TwoHosts.B + "\tNotify message 5 (INVALID_MAJOR_VERSION)"), scan);
            assertTrue(scan.contains("IKEv2"), scan);
            String line = TwoHosts.A + " IKE IKEv2 IKE_SA_INIT (major version 2, exchange 34) is not supported -> INVALID_MAJOR_VERSION";
            String log = awaitOakley(b, line);
            assertTrue(log.contains(line), log);
            assertEquals(1, Counters.of(b).since(before, "unsupportedExchanges"), scan);
        }
    }

    @Test
    void charonAsAnIkev2InitiatorReadsInvalidMajorVersionAndGivesUp() {
        assumeTrue(Charon.installed(), "strongSwan is not installed (.ci/run installs it)");
        try (TwoHosts lab = TwoHosts.create("iku-ch"); IkdNode b = responder(lab, dir.resolve("b"));
             Charon a = Charon.start(lab.a, dir.resolve("a"), ikev2Connection())) {
            long start = System.nanoTime();
            Command.Result r = a.swanctlResult("--initiate", "--child", "v2", "--timeout", "20");
            double seconds = (System.nanoTime() - start) / 1e9;

            String log = a.log();
            assertTrue(log.contains("parsed IKE_SA_INIT response 0 [ N(INVAL_MAJOR) ]"), log);
            assertTrue(log.contains("received INVALID_MAJOR_VERSION notify error"), log);
            assertFalse(log.contains("retransmit 1 of request"), "charon acted on the first answer, it did not retransmit:\n" + log);
            assertTrue(r.exitCode() != 0, r.stdout());
            assertTrue(awaitOakley(b, "INVALID_MAJOR_VERSION").contains(TwoHosts.A + " IKE IKEv2 IKE_SA_INIT"), b.oakleyLog());
            System.out.printf("charon IKEv2 initiation against ikd failed after %.2f s on INVALID_MAJOR_VERSION%n", seconds);
        }
    }

    @Test
    void charonInAggressiveModeReadsInvalidExchangeTypeAndGivesUp() {
        assumeTrue(Charon.installed(), "strongSwan is not installed (.ci/run installs it)");
        String aggressive = ikev2Connection().replace("version = 2", "version = 1\n                    aggressive = yes");
        try (TwoHosts lab = TwoHosts.create("iku-am"); IkdNode b = responder(lab, dir.resolve("b"));
             Charon a = Charon.start(lab.a, dir.resolve("a"), aggressive)) {
            Command.Result r = a.swanctlResult("--initiate", "--child", "v2", "--timeout", "20");

            String log = a.log();
            assertTrue(log.contains("generating AGGRESSIVE request 0"), log);
            // strongSwan names notify types from one table for both versions: 7 is IKEv2's INVALID_SYNTAX
            // (RFC 7296 §3.10.1) and IKEv1's INVALID-EXCHANGE-TYPE (RFC 2408 §3.14.1)
            assertTrue(log.contains("parsed INFORMATIONAL_V1 request") && log.contains("[ N(INVAL_SYN) ]"), log);
            assertTrue(log.contains("received INVALID_SYNTAX error notify"), log);
            assertTrue(log.contains("state change: CONNECTING => DESTROYING"), log);
            assertFalse(log.contains("retransmit 1 of request"), "charon acted on the first answer, it did not retransmit:\n" + log);
            assertTrue(r.exitCode() != 0, r.stdout());
            assertTrue(awaitOakley(b, "INVALID-EXCHANGE-TYPE").contains(TwoHosts.A + " IKE Aggressive Mode (exchange 4)"), b.oakleyLog());
        }
    }

    /** An IKEv2 connection A -> B, PSK, as charon's own configuration would have it. */
    private static String ikev2Connection() {
        return """
            connections {
                v2 {
                    version = 2
                    local_addrs = %1$s
                    remote_addrs = %2$s
                    local {
                        auth = psk
                        id = %1$s
                    }
                    remote {
                        auth = psk
                        id = %2$s
                    }
                    children {
                        v2 {
                            local_ts = %1$s/32
                            remote_ts = %2$s/32
                        }
                    }
                }
            }
            secrets {
                ike-v2 {
                    secret = "iku-not-used-0123456789"
                }
            }
            """.formatted(TwoHosts.A, TwoHosts.B);
    }
}
