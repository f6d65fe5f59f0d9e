package org.ikd.it.aggressive;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.ikd.it.hostile.Pings;
import org.ikd.it.lab.Charon;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.PolicyToml;
import org.ikd.it.lab.SwanctlConf;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Aggressive Mode with a pre-shared key between ikd (host A, 198.19.1.0/24) and strongSwan 5.9's
 * charon (host B, 198.19.2.0/24, {@code aggressive = yes}), tunnel mode over UDP 4500 (charon's
 * libipsec speaks nothing else), both roles, pings both ways; and charon sending a KEY_ID group name
 * ({@code id = keyid:vpngroup}, strongSwan's ASCII KEY_ID) that selects ikd's rule by {@code peer-id = "group:vpngroup"}.
 */
class AggressiveModeCharonIT {
    private static final String GROUP = "vpngroup";
    /** strongSwan refuses to answer Aggressive Mode with a PSK unless told so, for the reason ikd's check warns about. */
    private static final String AGGRESSIVE_PSK = "i_dont_care_about_security_and_use_aggressive_mode_psk = yes";

    @TempDir
    Path dir;

    @BeforeEach
    void needsRootAndCharon() {
        assumeTrue(Pings.isRoot(), "needs root (namespaces, TUN, raw sockets)");
        assumeTrue(Charon.installed(), "strongSwan is not installed (.ci/run installs it)");
    }

    private static String charonConf() {
        return new SwanctlConf(TwoHosts.B, TwoHosts.A, TwoHosts.NET_B, TwoHosts.NET_A, "aes128-sha256-modp2048",
                "aes128gcm16", IkdNode.PSK, "none").render().replace("aggressive = no", "aggressive = yes");
    }

    private static String ikdPolicy(String... ruleLines) {
        String[] lines = new String[ruleLines.length + 2];
        lines[0] = "nat-traversal = \"force\"";
        lines[1] = "aggressive = true";
        System.arraycopy(ruleLines, 0, lines, 2, ruleLines.length);
        return PolicyToml.tunnel("ag-tunnel", TwoHosts.A, TwoHosts.B, TwoHosts.NET_A, TwoHosts.NET_B, PolicyToml.MAIN_MODE,
                "aes128gcm16", lines);
    }

    private static void assertPingsBothWays(TwoHosts lab, String story) {
        Pings.Reply ab = Pings.ping(lab.a, 5, "0.2", TwoHosts.INNER_A, TwoHosts.INNER_B);
        Pings.Reply ba = Pings.ping(lab.b, 5, "0.2", TwoHosts.INNER_B, TwoHosts.INNER_A);
        assertTrue(ab.all() && ba.all(), ab.text() + "\n" + ba.text() + "\n" + story);
    }

    @Test
    void ikdInitiatesAggressiveModeAndPingsCrossBothWays() {
        try (TwoHosts lab = TwoHosts.create("ag-ci");
             Charon charon = Charon.start(lab.b, dir.resolve("charon"), charonConf(), AGGRESSIVE_PSK);
             IkdNode ikd = IkdNode.start(lab.a, dir.resolve("ikd"), ikdPolicy())) {
            // HDR, SA, KE, Ni, IDii -->   <-- HDR, SA, KE, Nr, IDir, HASH_R, NAT-D, NAT-D   HDR*, HASH_I, NAT-D, NAT-D -->
            double seconds = Pings.firstAnswer(lab.a, TwoHosts.INNER_A, TwoHosts.INNER_B, 20);
            assertTrue(seconds >= 0, "no ping answered within 20 s\n" + charon.log() + "\n" + ikd.oakleyLog());
            assertPingsBothWays(lab, charon.log() + "\n" + ikd.oakleyLog());
            String log = charon.log();
            assertTrue(log.contains("parsed AGGRESSIVE request 0"), log);
            assertTrue(log.contains("IKE_SA ikd[1] established"), log);
            String oakley = ikd.oakleyLog();
            assertTrue(oakley.contains("AM#2 recv HDR, SA, KE, Nr, IDir, HASH_R -> peer authenticated (psk, id " + TwoHosts.B), oakley);
            String sas = charon.listSas();
            assertTrue(sas.contains("INSTALLED") && sas.contains("UDP"), sas);
            System.out.printf("ikd -> charon Aggressive Mode + Quick Mode, first ping answered after %.2f s%n%s%n", seconds,
                    log.lines().filter(l -> l.contains("AGGRESSIVE")).reduce("", (x, y) -> x + y + "\n"));
        }
    }

    @Test
    void charonInitiatesAggressiveModeAndPingsCrossBothWays() {
        try (TwoHosts lab = TwoHosts.create("ag-cr");
             Charon charon = Charon.start(lab.b, dir.resolve("charon"), charonConf());
             IkdNode ikd = IkdNode.start(lab.a, dir.resolve("ikd"), ikdPolicy())) {
            String out = charon.swanctl("--initiate", "--child", "net", "--timeout", "20");
            assertTrue(out.contains("successfully"), out + "\n" + charon.log() + "\n" + ikd.oakleyLog());
            assertPingsBothWays(lab, charon.log() + "\n" + ikd.oakleyLog());
            String oakley = ikd.oakleyLog();
            assertTrue(oakley.contains("AM#3 recv HDR") && oakley.contains("HASH_I -> peer authenticated (psk, id " + TwoHosts.B), oakley);
            System.out.println("charon -> ikd Aggressive Mode:\n" + charon.log().lines().filter(l -> l.contains("AGGRESSIVE"))
                    .reduce("", (x, y) -> x + y + "\n") + oakley.lines().filter(l -> l.contains("AM#")).reduce("", (x, y) -> x + y + "\n"));
        }
    }

    @Test
    void ikdSendsItsGroupNameAsKeyIdToCharon() {
        // ikd as the Cisco-style client: IDii = KEY_ID "vpngroup"; charon's remote id = keyid:vpngroup picks its config
        String conf = charonConf().replace("id = " + TwoHosts.A, "id = keyid:" + GROUP).replace("id-b = " + TwoHosts.A, "id-b = keyid:" + GROUP);
        try (TwoHosts lab = TwoHosts.create("ag-cg");
             Charon charon = Charon.start(lab.b, dir.resolve("charon"), conf, AGGRESSIVE_PSK);
             IkdNode ikd = IkdNode.start(lab.a, dir.resolve("ikd"), ikdPolicy("local-id = \"group:" + GROUP + "\""))) {
            double seconds = Pings.firstAnswer(lab.a, TwoHosts.INNER_A, TwoHosts.INNER_B, 20);
            assertTrue(seconds >= 0, "no ping answered within 20 s\n" + charon.log() + "\n" + ikd.oakleyLog());
            assertPingsBothWays(lab, charon.log() + "\n" + ikd.oakleyLog());
            assertTrue(ikd.oakleyLog().contains("AM#1 send HDR, SA, KE, Ni, IDii: offer [aes128-sha256-modp2048], id key_id 76706e67726f7570"),
                    ikd.oakleyLog());
            assertTrue(charon.log().contains("IKE_SA ikd[1] established between 198.18.0.2[198.18.0.2]...198.18.0.1[" + GROUP + "]"),
                    charon.log());
        }
    }

    @Test
    void charonsKeyIdGroupNameSelectsIkdsRule() {
        String conf = charonConf().replace("id = " + TwoHosts.B, "id = keyid:" + GROUP).replace("id-a = " + TwoHosts.B, "id-a = keyid:" + GROUP);
        try (TwoHosts lab = TwoHosts.create("ag-ck");
             Charon charon = Charon.start(lab.b, dir.resolve("charon"), conf);
             IkdNode ikd = IkdNode.start(lab.a, dir.resolve("ikd"), ikdPolicy("peer-id = \"group:" + GROUP + "\""))) {
            String out = charon.swanctl("--initiate", "--child", "net", "--timeout", "20");
            assertTrue(out.contains("successfully"), out + "\n" + charon.log() + "\n" + ikd.oakleyLog());
            assertPingsBothWays(lab, charon.log() + "\n" + ikd.oakleyLog());
            String oakley = ikd.oakleyLog();
            // RFC 2407 §4.6.2.1 ID_KEY_ID: the octets of "vpngroup" in US-ASCII
            assertTrue(oakley.contains("peer authenticated (psk, id key_id 76706e67726f7570"), oakley);
        }
    }
}
