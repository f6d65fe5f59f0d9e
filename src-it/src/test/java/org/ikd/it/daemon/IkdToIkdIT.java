package org.ikd.it.daemon;

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
 * Two real ikd daemons, one per namespace, protect ping and TCP between them: the first ping
 * waits for Main Mode and Quick Mode and is answered, a 3-second TCP transfer completes, and
 * {@code ikdctl show qm} shows the SA. Each daemon routes the other side into its TUN, so the
 * traffic can only cross through ikd's ESP.
 */
class IkdToIkdIT {
    @TempDir
    Path dir;

    @BeforeEach
    void needsRootAndTools() throws Exception {
        assumeTrue(Traffic.isRoot(), "needs root (namespaces, TUN, raw sockets)");
        assumeTrue(Traffic.available("iperf3") && Traffic.available("ping"), "needs iperf3 and ping (.ci/run installs them)");
    }

    @Test
    void transportModeAnswersTheFirstPingAndCarriesTcp() throws Exception {
        try (TwoHosts lab = TwoHosts.create("ikd-it-dt");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), LabPolicies.transport(TwoHosts.A, TwoHosts.B, "aes128gcm16"));
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), LabPolicies.transport(TwoHosts.B, TwoHosts.A, "aes128gcm16"))) {
            // -I: the namespaces also hold inner addresses on lo, which the kernel might pick as source
            Traffic.assertPingsAnswered(lab.a, "-I", TwoHosts.A, TwoHosts.B);
            String rate = Traffic.assertTcpTransfer(lab.a, TwoHosts.A, lab.b, TwoHosts.B, dir.resolve("iperf"));
            System.out.println("ikd <-> ikd, ESP transport aes128gcm16, iperf3 TCP 3 s: " + rate);
            Traffic.assertOnePair(a, "transport", "esp:aes128gcm16");
            String sentStats = a.ikdctl("show", "stats", "--json");
            Matcher sent = Pattern.compile("\"confidentialBytesSent\"\\s*:\\s*(\\d+)").matcher(sentStats);
            assertTrue(sent.find() && Long.parseLong(sent.group(1)) > 1_000_000, "the TCP transfer went out through ESP:\n" + sentStats);
            String stats = b.ikdctl("show", "stats", "--json");
            assertTrue(stats.contains("\"confidentialBytesReceived\""), stats);
            assertTrue(a.oakleyLog().contains("Phase 1 SA established"), a.oakleyLog());
        }
    }

    /**
     * IPsec SAs of 30 s (soft lifetime at 90 %, ExchangeOptions): a new Quick Mode replaces each
     * pair before it expires, make before break, while a ping runs every 0.5 s for 45 s.
     */
    @Test
    void rekeysUnderTrafficWithoutLosingPings() throws Exception {
        try (TwoHosts lab = TwoHosts.create("ikd-it-dy");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), LabPolicies.transport(TwoHosts.A, TwoHosts.B, "aes128gcm16", "30s"));
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), LabPolicies.transport(TwoHosts.B, TwoHosts.A, "aes128gcm16", "30s"))) {
            var r = lab.a.exec(90, "ping", "-c", "90", "-i", "0.5", "-W", "2", "-I", TwoHosts.A, TwoHosts.B);
            String out = r.stdout() + r.stderr();
            Matcher m = Pattern.compile("(\\d+) received").matcher(out);
            assertTrue(m.find(), out);
            int received = Integer.parseInt(m.group(1));
            assertTrue(received >= 88, "lost more than 2 of 90 pings across the rekeys:\n" + out + "\n" + a.oakleyLog());
            String stats = a.ikdctl("show", "stats") + b.ikdctl("show", "stats");
            Matcher updates = Pattern.compile("Key Updates\\s+(\\d+)").matcher(stats);
            int total = 0;
            while (updates.find()) total += Integer.parseInt(updates.group(1));
            assertTrue(total >= 2, "both sides should have installed a rekeyed pair:\n" + stats + "\n" + a.oakleyLog());
            String qm = a.ikdctl("show", "qm");
            assertTrue(!qm.contains("Quick Mode SAs: none"), qm);
        }
    }

    @Test
    void tunnelModeAnswersTheFirstPingAndCarriesTcp() throws Exception {
        try (TwoHosts lab = TwoHosts.create("ikd-it-dn");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), LabPolicies.tunnel(TwoHosts.A, TwoHosts.B,
                     TwoHosts.NET_A, TwoHosts.NET_B, "aes128-sha256", "auto"));
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), LabPolicies.tunnel(TwoHosts.B, TwoHosts.A,
                     TwoHosts.NET_B, TwoHosts.NET_A, "aes128-sha256", "auto"))) {
            Traffic.assertPingsAnswered(lab.a, "-I", TwoHosts.INNER_A, TwoHosts.INNER_B);
            String rate = Traffic.assertTcpTransfer(lab.a, TwoHosts.INNER_A, lab.b, TwoHosts.INNER_B, dir.resolve("iperf"));
            System.out.println("ikd <-> ikd, ESP tunnel aes128-sha256, iperf3 TCP 3 s: " + rate);
            Traffic.assertOnePair(b, "tunnel", "esp:aes128-sha256", TwoHosts.NET_B + " -> " + TwoHosts.NET_A);
            assertTrue(a.oakleyLog().contains("Phase 2 SA pair"), a.oakleyLog());
        }
    }
}
