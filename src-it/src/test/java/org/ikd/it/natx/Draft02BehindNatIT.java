package org.ikd.it.natx;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Iperf;
import org.ikd.it.lab.NatLab;
import org.ikd.it.lab.WireCapture;
import org.ikd.it.nat.NatPolicies;
import org.ikd.it.nat.NatTraffic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A draft-ietf-ipsec-nat-t-ike-02 peer behind a real NAT: ikd in A with {@code nat-traversal =
 * "draft-02"} announces only the draft's vendor IDs (as Windows XP SP2 does), ikd in B (auto) answers
 * in the draft. On B's wire: NAT-D as payload 130, never 20; no RFC 3947 vendor ID; IKE floats from
 * 500 to 4500; Quick Mode (decrypted with B's key tables) proposes encapsulation mode 61443, never 3;
 * ESP travels in UDP 4500 and carries ping and TCP.
 */
class Draft02BehindNatIT {
    private static final String RFC_3947_VID = "4a131c81070358455c5728f20e95452f";
    private static final String DRAFT_02N_VID = "90cb80913ebb696e086381b5ec427b1f";

    @TempDir
    Path dir;

    @BeforeEach
    void needsRootAndTools() throws Exception {
        NatTraffic.assumeRootAnd("nft", "iperf3", "tshark");
    }

    @Test
    void bothSidesSpeakDraft02ThroughTheNat() throws Exception {
        try (NatLab lab = NatLab.create("ikd-ng-d", true);
             WireCapture wire = WireCapture.start(lab.b, "veth-out", dir.resolve("wire"))) {
            Path keys = dir.resolve("keys");
            try (IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), NatPolicies.insideTunnel("aes128-sha1", "draft-02"));
                 IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), NatPolicies.outsideTunnel("aes128-sha1"))) {
                NatTraffic.assertPings(lab.a, 3, NatLab.INNER_A, NatLab.INNER_B);
                // capped at 20 Mbit/s: tshark decrypts every ESP packet of the capture below
                String rate = Iperf.assertTcp(lab.a, NatLab.INNER_A, lab.b, NatLab.INNER_B, dir.resolve("iperf"), 2, "20M");
                System.out.println("draft-02 behind NAT, ESP tunnel/udp aes128-sha1, iperf3 TCP 2 s: " + rate);
                assertTrue(a.oakleyLog().contains("NAT-T draft 02"), a.oakleyLog());
                assertTrue(b.oakleyLog().contains("NAT-T draft 02"), b.oakleyLog());
                assertTrue(a.oakleyLog().contains("floating to UDP 4500"), a.oakleyLog());
                String keysOut = b.ikdctl("keys", "--wireshark", keys.toString());
                assertTrue(keysOut.contains("WARNING"), keysOut);
            }
            List<String[]> ike = wire.rows(keys, "isakmp", "udp.srcport", "udp.dstport", "isakmp.typepayload",
                    "isakmp.vid_bytes", "isakmp.ipsec.attr.encap_mode");
            String dump = String.join("\n", ike.stream().map(r -> String.join(" | ", r)).toList());
            assertTrue(ike.stream().anyMatch(r -> List.of(r[2].split(",")).contains("130")), "NAT-D(draft) 130:\n" + dump);
            assertFalse(ike.stream().anyMatch(r -> List.of(r[2].split(",")).contains("20")), "no RFC 3947 NAT-D 20:\n" + dump);
            assertTrue(ike.stream().anyMatch(r -> r[3].contains(DRAFT_02N_VID)), "draft-02n vendor ID:\n" + dump);
            assertFalse(ike.stream().anyMatch(r -> r[3].contains(RFC_3947_VID)), "no RFC 3947 vendor ID:\n" + dump);
            assertTrue(ike.stream().anyMatch(r -> r[1].equals("500")) && ike.stream().anyMatch(r -> r[1].equals("4500")),
                    "IKE began on 500 and floated to 4500:\n" + dump);
            assertTrue(ike.stream().anyMatch(r -> List.of(r[4].split(",")).contains("61443")),
                    "Quick Mode, decrypted, proposes UDP-Encapsulated-Tunnel (draft) 61443:\n" + dump);
            assertFalse(ike.stream().anyMatch(r -> List.of(r[4].split(",")).contains("3")), "never RFC 3947's 3:\n" + dump);
            List<String[]> esp = wire.rows(keys, "esp", "udp.dstport", "ip.proto", "icmp.type");
            assertTrue(esp.size() > 10, "ESP packets: " + esp.size());
            assertTrue(esp.stream().allMatch(r -> r[1].startsWith("17") && !r[0].isEmpty()), "all ESP in UDP (RFC 3948)");
            assertTrue(esp.stream().anyMatch(r -> r[2].contains("8")), "and tshark decrypts the ping inside it");
            System.out.println("draft-02 wire: " + ike.size() + " IKE packets, " + esp.size() + " ESP-in-UDP packets");
        }
    }
}
