package org.ikd.it.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.ikd.it.lab.Charon;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.NatLab;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ikd behind a real NAT (namespace R, masquerade with random ports) against strongSwan's charon
 * outside it (kernel-libipsec, STRONGSWAN.md), tunnel mode, ikd initiating: ikd's NAT-D shows it is
 * behind a NAT, IKE floats to 4500, UDP-encapsulated ESP carries pings both ways and TCP, and
 * after 14 s of silence (R's UDP time-out: 10 s) charon still reaches ikd through the mapping
 * that ikd's 3-second keepalives held (charon sends none: it is not behind a NAT).
 */
class IkdBehindNatToStrongSwanIT {
    @TempDir
    Path dir;

    @BeforeEach
    void needsRootCharonAndTools() throws Exception {
        NatTraffic.assumeRootAnd("nft", "iperf3", "ping");
        assumeTrue(Charon.installed(), "strongSwan is not installed (.ci/run installs it)");
    }

    @Test
    void ikdBehindNatInitiatesAndEncapsulatedEspCarriesPingAndTcp() throws Exception {
        try (NatLab lab = NatLab.create("ikd-nd-s", true)) {
            lab.udpTimeout(10);
            try (Charon charon = Charon.start(lab.b, dir.resolve("charon"), NatPolicies.charonOutside(""));
                 IkdNode ikd = IkdNode.start(lab.a, dir.resolve("ikd"), NatPolicies.insideTunnel("aes128gcm16", "auto"))) {
                NatTraffic.assertPings(lab.a, 3, NatLab.INNER_A, NatLab.INNER_B);
                NatTraffic.assertPings(lab.b, 2, NatLab.INNER_B, NatLab.INNER_A);
                String rate = NatTraffic.assertTcp(lab.a, NatLab.INNER_A, lab.b, NatLab.INNER_B, dir.resolve("iperf"));
                System.out.println("ikd behind NAT -> strongSwan, ESP tunnel/udp aes128gcm16, iperf3 TCP 2 s: " + rate);

                String log = ikd.oakleyLog();
                assertTrue(log.contains("floating to UDP 4500") && log.contains("NAT-T (we are behind a NAT)"), log);
                assertTrue(log.contains("NAT-T rfc 3947"), log);
                String sas = charon.listSas();
                assertTrue(sas.contains("ESTABLISHED") && sas.contains(NatLab.R_OUTSIDE), "charon sees ikd at R's address:\n" + sas);
                assertTrue(sas.contains("INSTALLED") && sas.contains("UDP"), sas);
                assertTrue(charon.log().contains("remote host is behind NAT"), "charon saw the real NAT");
                String port = IkdBehindNatIT.mappedPort(lab);

                IkdNode.sleep(14_000);      // > R's 10 s UDP time-out: only ikd's keepalives refresh the mapping
                assertEquals(port, IkdBehindNatIT.mappedPort(lab), "the mapping changed: keepalives did not hold it");
                NatTraffic.assertPings(lab.b, 2, NatLab.INNER_B, NatLab.INNER_A);
            }
        }
    }
}
