package org.ikd.it.daemon;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: ESP AES-256-GCM (RFC 4106) between two real ikd daemons with ikd's own GCM (GcmEsp),
 * launched as shipped (conf/jvm.options): the first ping is answered, a 3-second TCP transfer
 * completes through ESP, and neither daemon warns that GHASH runs in plain Java, so the
 * {@code --add-opens} line of conf/jvm.options reaches the daemon's JVM.
 */
class GcmIkdToIkdIT {
    private static final String SLOW_GHASH = "hashes in plain Java";

    @TempDir
    Path dir;

    @BeforeEach
    void needsRootAndTools() throws Exception {
        assumeTrue(Traffic.isRoot(), "needs root (namespaces, TUN, raw sockets)");
        assumeTrue(Traffic.available("iperf3") && Traffic.available("ping"), "needs iperf3 and ping (.ci/run installs them)");
    }

    @Test
    void aes256GcmCarriesPingAndTcpWithSunJcesGhash() throws Exception {
        try (TwoHosts lab = TwoHosts.create("gc-it");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), LabPolicies.transport(TwoHosts.A, TwoHosts.B, "aes256gcm16"));
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), LabPolicies.transport(TwoHosts.B, TwoHosts.A, "aes256gcm16"))) {
            Traffic.assertPingsAnswered(lab.a, "-I", TwoHosts.A, TwoHosts.B);
            String rate = Traffic.assertTcpTransfer(lab.a, TwoHosts.A, lab.b, TwoHosts.B, dir.resolve("iperf"));
            System.out.println("ikd <-> ikd, ESP transport aes256gcm16 (GcmEsp), iperf3 TCP 3 s: " + rate);
            Traffic.assertOnePair(a, "transport", "esp:aes256gcm16");
            Matcher received = Pattern.compile("\"confidentialBytesReceived\"\\s*:\\s*(\\d+)").matcher(b.ikdctl("show", "stats", "--json"));
            assertTrue(received.find() && Long.parseLong(received.group(1)) > 1_000_000, "B opened the transfer's ESP");
            assertFalse(a.output().contains(SLOW_GHASH), a.output());
            assertFalse(b.output().contains(SLOW_GHASH), b.output());
        }
    }
}
