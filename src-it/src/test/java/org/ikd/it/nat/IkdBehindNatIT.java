package org.ikd.it.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.NatLab;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ikd behind a real NAT (nftables masquerade with random ports in namespace R) talking to ikd on
 * the outside, tunnel mode: NAT-D shows the NAT (RFC 3947 §3), IKE floats to 4500, ESP goes in
 * UDP (RFC 3948) and carries ping and TCP; with R's UDP time-out cut to 10 s and keepalives every
 * 3 s (RFC 3948 §2.3), the NAT mapping survives 16 s without traffic, so the OUTSIDE peer can still
 * reach the inside one through the old mapping.
 */
class IkdBehindNatIT {
    /** R's mapping of A's UDP 4500: the outside port in the reply tuple. */
    private static final Pattern MAPPED_4500 = Pattern.compile(
            "src=" + Pattern.quote(NatLab.A) + " dst=" + Pattern.quote(NatLab.B) + " sport=4500 dport=4500 .*?"
            + "src=" + Pattern.quote(NatLab.B) + " dst=" + Pattern.quote(NatLab.R_OUTSIDE) + " sport=4500 dport=(\\d+)");

    @TempDir
    Path dir;

    @BeforeEach
    void needsRootAndTools() throws Exception {
        NatTraffic.assumeRootAnd("nft", "iperf3", "ping");
    }

    static String mappedPort(NatLab lab) {
        String table = lab.udpMappings();
        Matcher m = MAPPED_4500.matcher(table);
        assertTrue(m.find(), "R has no mapping for A's UDP 4500:\n" + table);
        return m.group(1);
    }

    @Test
    void tunnelFloatsTo4500CarriesPingAndTcpAndKeepalivesHoldTheMapping() throws Exception {
        try (NatLab lab = NatLab.create("ikd-nd-n", true)) {
            lab.udpTimeout(10);
            try (IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), NatPolicies.insideTunnel("aes128gcm16", "auto"));
                 // B only ever sees R's outside address: that is the peer its rule names
                 IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), NatPolicies.outsideTunnel("aes128gcm16"))) {
                NatTraffic.assertPings(lab.a, 3, NatLab.INNER_A, NatLab.INNER_B);
                String rate = NatTraffic.assertTcp(lab.a, NatLab.INNER_A, lab.b, NatLab.INNER_B, dir.resolve("iperf"));
                System.out.println("ikd behind NAT -> ikd, ESP tunnel/udp aes128gcm16, iperf3 TCP 2 s: " + rate);

                String logA = a.oakleyLog();
                assertTrue(logA.contains("MM#4 recv HDR, KE, Nr, NAT-D -> keys derived, floating to UDP 4500"), logA);
                assertTrue(logA.contains("NAT-T (we are behind a NAT)"), logA);
                assertTrue(b.oakleyLog().contains("NAT-T (peer behind a NAT)"), b.oakleyLog());
                assertTrue(a.ikdctl("show", "qm").contains("tunnel/udp"), a.ikdctl("show", "qm"));
                String port = mappedPort(lab);
                assertNotEquals("4500", port, "masquerade random should have moved A's 4500:\n" + lab.udpMappings());

                IkdNode.sleep(16_000);      // > R's 10 s UDP time-out, no traffic but A's keepalives
                assertEquals(port, mappedPort(lab), "the mapping changed: keepalives did not hold it");
                // the outside peer sends first: it can only reach A through the mapping kept alive
                NatTraffic.assertPings(lab.b, 2, NatLab.INNER_B, NatLab.INNER_A);
            }
        }
    }
}
