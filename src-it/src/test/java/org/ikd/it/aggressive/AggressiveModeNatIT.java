package org.ikd.it.aggressive;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.ikd.it.hostile.Pings;
import org.ikd.it.lab.Charon;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.NatLab;
import org.ikd.it.lab.PolicyToml;
import org.ikd.it.lab.SwanctlConf;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A road warrior behind a real NAT (namespace R masquerades with random ports): ikd on A sends its
 * group name (KEY_ID "vpngroup") in Aggressive Mode to a gateway on B that knows the client only as
 * R's outside address. NAT-D goes in messages 2 and 3 (RFC 3947 §4), the NAT is seen, message 3
 * already goes to UDP 4500, ESP goes in UDP (RFC 3948), and pings cross both ways. Gateways: ikd
 * ({@code peer-id = "group:vpngroup"}) and charon ({@code remote { id = keyid:vpngroup }}).
 */
class AggressiveModeNatIT {
    private static final String GROUP = "vpngroup";

    @TempDir
    Path dir;

    @BeforeEach
    void needsRoot() {
        assumeTrue(Pings.isRoot() && Pings.available("nft", "ping"), "needs root, nft and ping");
    }

    /** A, the client: tunnel to B's network, Aggressive Mode with its group name, NAT-T auto. */
    private static String client() {
        return PolicyToml.tunnel("ag-client", NatLab.A, NatLab.B, NatLab.NET_A, NatLab.NET_B, PolicyToml.MAIN_MODE, "aes128gcm16",
                "aggressive = true", "local-id = \"group:" + GROUP + "\"", "nat-keepalive = \"3s\"");
    }

    private static void assertPingsBothWays(NatLab lab, String story) {
        double seconds = Pings.firstAnswer(lab.a, NatLab.INNER_A, NatLab.INNER_B, 20);
        assertTrue(seconds >= 0, "no ping answered within 20 s\n" + story);
        Pings.Reply ab = Pings.ping(lab.a, 5, "0.2", NatLab.INNER_A, NatLab.INNER_B);
        Pings.Reply ba = Pings.ping(lab.b, 5, "0.2", NatLab.INNER_B, NatLab.INNER_A);
        assertTrue(ab.all() && ba.all(), ab.text() + "\n" + ba.text() + "\n" + story);
    }

    @Test
    void clientBehindNatReachesAnIkdGatewayByGroupName() {
        String gateway = PolicyToml.tunnel("ag-gateway", NatLab.B, NatLab.R_OUTSIDE, NatLab.NET_B, NatLab.NET_A, PolicyToml.MAIN_MODE,
                "aes128gcm16", "aggressive = true", "peer-id = \"group:" + GROUP + "\"");
        try (NatLab lab = NatLab.create("ag-ni", true);
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), gateway);
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), client())) {
            assertPingsBothWays(lab, a.oakleyLog() + "\n" + b.oakleyLog());
            String logA = a.oakleyLog();
            assertTrue(logA.contains("-> peer authenticated (psk, id " + NatLab.B + "), floating to UDP 4500"), logA);
            assertTrue(logA.contains("NAT-T (we are behind a NAT)"), logA);
            String logB = b.oakleyLog();
            assertTrue(logB.contains("AM#3 recv HDR*, HASH_I -> peer authenticated (psk, id key_id 76706e67726f7570"), logB);
            assertTrue(logB.contains("NAT-T (peer behind a NAT)"), logB);
            assertTrue(a.ikdctl("show", "qm").contains("tunnel/udp"), a.ikdctl("show", "qm"));
        }
    }

    @Test
    void clientBehindNatReachesACharonGatewayByGroupName() {
        assumeTrue(Charon.installed(), "strongSwan is not installed (.ci/run installs it)");
        String conf = new SwanctlConf(NatLab.B, NatLab.R_OUTSIDE, NatLab.NET_B, NatLab.NET_A, PolicyToml.MAIN_MODE,
                "aes128gcm16", IkdNode.PSK, "none").render()
                .replace("aggressive = no", "aggressive = yes").replace("encap = yes", "encap = no")
                .replace("remote_addrs = " + NatLab.R_OUTSIDE, "remote_addrs = %any")
                .replace("id = " + NatLab.R_OUTSIDE, "id = keyid:" + GROUP).replace("id-b = " + NatLab.R_OUTSIDE, "id-b = keyid:" + GROUP);
        try (NatLab lab = NatLab.create("ag-nc", true);
             Charon charon = Charon.start(lab.b, dir.resolve("charon"), conf, "i_dont_care_about_security_and_use_aggressive_mode_psk = yes");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), client())) {
            assertPingsBothWays(lab, charon.log() + "\n" + a.oakleyLog());
            String logA = a.oakleyLog();
            assertTrue(logA.contains("floating to UDP 4500") && logA.contains("NAT-T (we are behind a NAT)"), logA);
            String log = charon.log();
            assertTrue(log.contains("remote host is behind NAT"), log);
            assertTrue(log.contains("[" + GROUP + "]"), log);
        }
    }
}
