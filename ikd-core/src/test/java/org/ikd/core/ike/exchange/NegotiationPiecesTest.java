package org.ikd.core.ike.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.Jca;
import org.ikd.core.ike.CookiePair;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.doi.IdType;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.isakmp.payload.IdentificationPayload;
import org.ikd.core.isakmp.payload.NatDiscoveryPayload;
import org.ikd.core.isakmp.payload.SecurityAssociationPayload;
import org.ikd.core.isakmp.payload.VendorIdPayload;
import org.ikd.core.policy.Subnet;
import org.junit.jupiter.api.Test;

/** Vendor IDs, NAT-D, proposal choice and IDs against RFC text and the strongSwan captures. */
class NegotiationPiecesTest {
    static final CharonCapture C = new CharonCapture("mm-3des-sha1-modp1024");

    static IsakmpMessage charonMessage(int index) throws Exception {
        return IsakmpMessage.decode(ByteBuffer.wrap(C.messages().get(index).bytes().toArray()));
    }

    @Test
    void natTraversalVendorIdIsTheMd5OfRfc3947() {
        // RFC 3947 §3.1: "4a131c81070358455c5728f20e95452f"; RFC 3706 §3: DPD is afcad71368a1f1c96b8696fc77570100
        Bytes md5 = Bytes.of(Jca.digest(HashAlgorithm.MD5).digest("RFC 3947".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Bytes.fromHex("4a131c81070358455c5728f20e95452f"), md5);
        assertEquals(md5, VendorIds.NAT_T_RFC3947);
        assertEquals(Bytes.fromHex("afcad71368a1f1c96b8696fc77570100"), VendorIds.DPD);
    }

    @Test
    void recognisesWhatCharonAnnouncesInMainMode1() throws Exception {
        VendorIds.PeerVendor v = VendorIds.recognise(charonMessage(0).all(VendorIdPayload.class));
        assertTrue(v.dpd());
        assertTrue(v.fragmentation());
        assertEquals(NatTraversalVersion.RFC_3947, v.natTraversal());
    }

    @Test
    void recognisesWindowsAndItsVersion() {
        // ike-scan's table: 1e2b516905991c7d7c96fcbfb587e461 + 00000009 is "Windows-8"
        VendorIds.PeerVendor v = VendorIds.recognise(List.of(
                new VendorIdPayload(Bytes.fromHex("1e2b516905991c7d7c96fcbfb587e46100000009")),
                new VendorIdPayload(Bytes.fromHex("90cb80913ebb696e086381b5ec427b1f"))));
        assertEquals("Windows 8 or later (MS NT5 ISAKMPOAKLEY version 9)", v.description());
        assertEquals(NatTraversalVersion.DRAFT_02, v.natTraversal());
        assertEquals(PayloadType.NAT_D_DRAFT, v.natTraversal().natDiscoveryType());
        assertEquals(61443, v.natTraversal().encapsulation(true).value());
    }

    @Test
    void natDiscoveryHashesMatchCharons() {
        CookiePair c = CookiePair.of(Bytes.concat(C.v.bytes("cky_i"), C.v.bytes("cky_r")));
        InetSocketAddress i = CharonCapture.I;
        InetSocketAddress r = CharonCapture.R;
        assertEquals(C.v.bytes("natd_i_1"), NatDetection.hash(HashAlgorithm.SHA1, c, r));      // RFC 3947 §3.2: the peer's first
        assertEquals(C.v.bytes("natd_r_1"), NatDetection.hash(HashAlgorithm.SHA1, c, i));
        // charon fakes its own hash (encap=yes): the responder sees a NAT at the peer, none at itself
        NatDetection.Result seen = NatDetection.check(List.of(new NatDiscoveryPayload(PayloadType.NAT_D, C.v.bytes("natd_i_1")),
                new NatDiscoveryPayload(PayloadType.NAT_D, C.v.bytes("natd_i_2"))), HashAlgorithm.SHA1, c, r, i);
        assertFalse(seen.localBehindNat());
        assertTrue(seen.peerBehindNat());
    }

    @Test
    void choosesAndEchoesCharonsProposalAsCharonDid() throws Exception {
        SecurityAssociationPayload offered = charonMessage(0).first(SecurityAssociationPayload.class).orElseThrow();
        Phase1Proposals.Choice c = Phase1Proposals.choose(offered, List.of(Peers.AES128_SHA256_MODP2048, Peers.TDES_SHA1_MODP1024)).orElseThrow();
        assertEquals(Peers.TDES_SHA1_MODP1024, c.offer().method());
        assertEquals(15000, c.offer().lifetimeSeconds());
        assertEquals(C.v.bytes("sa_r_b"), c.reply().encodeBody(), "the SA body the responder charon sent in Main Mode 2");
        assertEquals(C.v.bytes("sa_i_b"), Phase1Proposals.offer(List.of(Peers.TDES_SHA1_MODP1024), 15000).encodeBody(),
                "our offer of the same method is what charon offers");
    }

    @Test
    void refusingAProposalNamesBothSides() throws Exception {
        SecurityAssociationPayload offered = charonMessage(0).first(SecurityAssociationPayload.class).orElseThrow();
        assertTrue(Phase1Proposals.choose(offered, List.of(Peers.AES128_SHA256_MODP2048)).isEmpty());
        assertEquals("no Main Mode proposal chosen: peer offered 3des-sha1-modp1024; we accept aes128-sha256-modp2048 with psk",
                Phase1Proposals.mismatch(offered, List.of(Peers.AES128_SHA256_MODP2048)));
    }

    @Test
    void clientIdsCarryCharonsSubnets() {
        IdentificationPayload idci = IdentificationPayload.decode(ByteBuffer.wrap(C.v.array("qm_idci_b")));
        assertEquals(Subnet.parse("198.19.1.0/24"), Identities.subnet(idci));
        assertEquals(C.v.bytes("qm_idci_b"), Identities.ofSide(Subnet.parse("198.19.1.0/24"), 0,
                org.ikd.core.policy.PortRange.ANY).encodeBody());
        assertEquals(C.v.bytes("idii_b"), Identities.ofAddress(CharonCapture.I.getAddress()).encodeBody());
    }

    @Test
    void describesEveryPhase1IdType() {
        assertEquals("fqdn gw.example", Identities.describe(IdentificationPayload.of(IdType.FQDN, Bytes.of("gw.example".getBytes(StandardCharsets.US_ASCII)))));
        assertEquals("user_fqdn a@example", Identities.describe(IdentificationPayload.of(IdType.USER_FQDN, Bytes.of("a@example".getBytes(StandardCharsets.US_ASCII)))));
        assertEquals("key_id 0a0b", Identities.describe(IdentificationPayload.of(IdType.KEY_ID, Bytes.fromHex("0a0b"))));
        assertEquals("2001:db8::1", Identities.describe(IdentificationPayload.of(IdType.IPV6_ADDR, Bytes.fromHex("20010db8000000000000000000000001"))));
    }
}
