package org.ikd.it.natx;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.ikd.it.lab.Charon;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.NatLab;
import org.ikd.it.lab.WireCapture;
import org.ikd.it.nat.NatPolicies;
import org.ikd.it.nat.NatTraffic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * strongSwan's charon speaking draft-ietf-ipsec-nat-t-ike-02: it has no setting for the NAT-T
 * dialect (isakmp_vendor.c sends a fixed set as initiator and, as responder, answers with the best
 * dialect the initiator offered), so the one way to make it use draft-02 is an initiator that offers
 * only the draft: ikd behind the NAT with {@code nat-traversal = "draft-02"}. charon logs the draft's
 * vendor ID and the NAT; on the wire NAT-D is payload 130 and Quick Mode (decrypted with ikd's key
 * tables) carries encapsulation mode 61443; pings cross both ways.
 */
class Draft02ToStrongSwanIT {
    @TempDir
    Path dir;

    @BeforeEach
    void needsRootCharonAndTools() throws Exception {
        NatTraffic.assumeRootAnd("nft", "tshark", "ping");
        assumeTrue(Charon.installed(), "strongSwan is not installed (.ci/run installs it)");
    }

    @Test
    void charonAnswersADraftOnlyInitiatorInDraft02() throws Exception {
        try (NatLab lab = NatLab.create("ikd-ng-s", true);
             WireCapture wire = WireCapture.start(lab.b, "veth-out", dir.resolve("wire"))) {
            Path keys = dir.resolve("keys");
            try (Charon charon = Charon.start(lab.b, dir.resolve("charon"), NatPolicies.charonOutside(""));
                 IkdNode ikd = IkdNode.start(lab.a, dir.resolve("ikd"), NatPolicies.insideTunnel("aes128gcm16", "draft-02"))) {
                NatTraffic.assertPings(lab.a, 3, NatLab.INNER_A, NatLab.INNER_B);
                NatTraffic.assertPings(lab.b, 2, NatLab.INNER_B, NatLab.INNER_A);
                assertTrue(ikd.oakleyLog().contains("NAT-T draft 02"), ikd.oakleyLog());
                String log = charon.log();
                assertTrue(log.contains("received draft-ietf-ipsec-nat-t-ike-02\\n vendor ID"), log);
                assertFalse(log.contains("received NAT-T (RFC 3947) vendor ID"), log);
                assertTrue(log.contains("remote host is behind NAT"), log);
                assertTrue(charon.listSas().contains("UDP"), charon.listSas());
                ikd.ikdctl("keys", "--wireshark", keys.toString());
            }
            List<String[]> ike = wire.rows(keys, "isakmp", "udp.dstport", "isakmp.typepayload", "isakmp.ipsec.attr.encap_mode");
            String dump = String.join("\n", ike.stream().map(r -> String.join(" | ", r)).toList());
            assertTrue(ike.stream().anyMatch(r -> List.of(r[1].split(",")).contains("130")), "NAT-D(draft) 130:\n" + dump);
            assertFalse(ike.stream().anyMatch(r -> List.of(r[1].split(",")).contains("20")), "no NAT-D 20:\n" + dump);
            assertTrue(ike.stream().anyMatch(r -> List.of(r[2].split(",")).contains("61443")), "encapsulation 61443:\n" + dump);
            System.out.println("draft-02 ikd -> charon: " + ike.size() + " IKE packets; charon answered in draft-02");
        }
    }
}
