package org.ikd.it.daemon;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.ikd.it.lab.Charon;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.SwanctlConf;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ikd against strongSwan's charon (the independent IKEv1 implementation, STRONGSWAN.md): tunnel
 * mode between 198.19.1.0/24 (ikd) and 198.19.2.0/24 (charon), ESP in UDP 4500 (charon's
 * kernel-libipsec knows nothing else), pings both ways, with ikd as initiator and as responder.
 */
class IkdToStrongSwanIT {
    @TempDir
    Path dir;

    @BeforeEach
    void needsRootCharonAndTools() throws Exception {
        assumeTrue(Traffic.isRoot(), "needs root (namespaces, TUN, raw sockets)");
        assumeTrue(Charon.installed(), "strongSwan is not installed (.ci/run installs it)");
        assumeTrue(Traffic.available("iperf3") && Traffic.available("ping"), "needs iperf3 and ping (.ci/run installs them)");
    }

    private static String charonConf() {
        return new SwanctlConf(TwoHosts.B, TwoHosts.A, TwoHosts.NET_B, TwoHosts.NET_A, "aes128-sha256-modp2048",
                "aes128gcm16", IkdNode.PSK, "none").render();
    }

    private static String ikdPolicy() {
        return LabPolicies.tunnel(TwoHosts.A, TwoHosts.B, TwoHosts.NET_A, TwoHosts.NET_B, "aes128gcm16", "force");
    }

    @Test
    void ikdInitiatesAndPingsCrossBothWays() throws Exception {
        try (TwoHosts lab = TwoHosts.create("ikd-it-ds");
             Charon charon = Charon.start(lab.b, dir.resolve("charon"), charonConf());
             IkdNode ikd = IkdNode.start(lab.a, dir.resolve("ikd"), ikdPolicy())) {
            Traffic.assertPingsAnswered(lab.a, "-I", TwoHosts.INNER_A, TwoHosts.INNER_B);
            Traffic.assertPingsAnswered(lab.b, "-I", TwoHosts.INNER_B, TwoHosts.INNER_A);
            String rate = Traffic.assertTcpTransfer(lab.a, TwoHosts.INNER_A, lab.b, TwoHosts.INNER_B, dir.resolve("iperf"));
            System.out.println("ikd -> strongSwan, ESP tunnel/udp aes128gcm16, iperf3 TCP 3 s: " + rate);
            String qm = ikd.ikdctl("show", "qm");
            assertTrue(qm.contains("tunnel/udp") && qm.contains("esp:aes128gcm16"), qm);
            String sas = charon.listSas();
            assertTrue(sas.contains("INSTALLED") && sas.contains("UDP"), sas);
        }
    }

    @Test
    void charonInitiatesAndPingsCrossBothWays() throws Exception {
        try (TwoHosts lab = TwoHosts.create("ikd-it-dr");
             Charon charon = Charon.start(lab.b, dir.resolve("charon"), charonConf());
             IkdNode ikd = IkdNode.start(lab.a, dir.resolve("ikd"), ikdPolicy())) {
            String out = charon.swanctl("--initiate", "--child", "net", "--timeout", "20");
            assertTrue(out.contains("successfully"), out + "\n" + charon.log() + "\n" + ikd.oakleyLog());
            Traffic.assertPingsAnswered(lab.b, "-I", TwoHosts.INNER_B, TwoHosts.INNER_A);
            Traffic.assertPingsAnswered(lab.a, "-I", TwoHosts.INNER_A, TwoHosts.INNER_B);
            String mm = ikd.ikdctl("show", "mm");
            assertTrue(mm.contains("responder") || mm.contains("established"), mm);
            String qm = ikd.ikdctl("show", "qm");
            assertTrue(qm.contains("Quick Mode SAs: 1") && qm.contains("tunnel/udp"), qm);
        }
    }
}
