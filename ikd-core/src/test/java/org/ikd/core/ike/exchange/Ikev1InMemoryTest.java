package org.ikd.core.ike.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.EnginePair;
import org.ikd.core.ike.IkeCounter;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.OutboundDatagram;
import org.ikd.core.sa.IpsecProtocol;
import org.ikd.core.sa.IpsecSaPair;
import org.ikd.core.sa.IpsecSaSpec;
import org.ikd.core.sa.Mode;
import org.junit.jupiter.api.Test;

/** Main Mode, Quick Mode and Informational in both roles: two engines talking through a list. */
class Ikev1InMemoryTest {
    EnginePair pair;

    EnginePair start(Peers.Side a, Peers.Side b) {
        pair = Peers.pair(a, b, Peers.config());
        pair.acquire(pair.a, new AcquireRequest("r1", a.flow(Peers.A, Peers.B), Peers.A, Peers.B));
        return pair;
    }

    static IpsecSaPair established(EnginePair.Side side) {
        List<IkeEvent.QuickModeEstablished> qm = side.events(IkeEvent.QuickModeEstablished.class);
        assertEquals(1, qm.size(), side + " events: " + side.events);
        return qm.get(0).pair();
    }

    /** What one side sends on an SA, the other receives on it: same SPI, same keys. */
    static void mirrored(IpsecSaSpec out, IpsecSaSpec in) {
        assertEquals(out.spi(), in.spi());
        assertEquals(out.protocol(), in.protocol());
        assertEquals(out.cipher(), in.cipher());
        assertEquals(out.integrity(), in.integrity());
        if (out.encryptionKey() != null) assertArrayEquals(out.encryptionKey().reveal(), in.encryptionKey().reveal());
        if (out.integrityKey() != null) assertArrayEquals(out.integrityKey().reveal(), in.integrityKey().reveal());
        assertEquals(out.source(), in.source());
        assertEquals(out.destination(), in.destination());
        assertEquals(out.selector(), in.selector());
    }

    static void agree(IpsecSaPair a, IpsecSaPair b) {
        for (int i = 0; i < a.outbound().sas().size(); i++) {
            mirrored(a.outbound().sas().get(i), b.inbound().sas().get(i));
            mirrored(b.outbound().sas().get(i), a.inbound().sas().get(i));
        }
    }

    @Test
    void negotiatesTransportModeEspWithAPreSharedKey() {
        Peers.Side side = Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1));
        start(side, side);
        // HDR, SA -->  <-- HDR, SA   HDR, KE, Ni -->  <-- HDR, KE, Nr   HDR*, IDii, HASH_I -->  <-- HDR*, IDir, HASH_R
        // HDR*, HASH(1), SA, Ni, IDci, IDcr -->  <-- HDR*, HASH(2), SA, Nr, IDci, IDcr   HDR*, HASH(3) -->
        assertEquals(9, pair.deliverAll());
        IkeEvent.PhaseOneEstablished p1 = pair.b.events(IkeEvent.PhaseOneEstablished.class).get(0);
        assertEquals("198.18.0.1", p1.peerId());
        assertEquals("aes128-sha256-modp2048 psk", p1.summary());
        IpsecSaPair a = established(pair.a);
        IpsecSaPair b = established(pair.b);
        agree(a, b);
        IpsecSaSpec out = a.outbound().outermost();
        assertEquals(EspCipher.AES_CBC, out.cipher());
        assertEquals(128, out.cipherKeyBits());
        assertEquals(16, out.encryptionKey().length());
        assertEquals(IntegrityAlgorithm.HMAC_SHA1_96, out.integrity());
        assertEquals(20, out.integrityKey().length());
        assertEquals(Mode.TRANSPORT, out.mode());
        assertNull(out.natTraversal());
        assertEquals(3600, out.lifetime().hardSeconds());
        assertEquals(100_000L * 1024, out.lifetime().hardBytes());
        assertTrue(pair.a.timers.keySet().stream().noneMatch(k -> k.kind() == org.ikd.core.ike.TimerKey.Kind.RETRANSMIT));
        assertEquals(1, pair.a.count(IkeCounter.QUICK_MODES));
        assertEquals(1, pair.b.engine.ipsecSas().size());
    }

    /**
     * The initiator installs its pair on QM#2 and may send at once, so the responder's pair must
     * already be in place: it goes to the data plane as QM#2 leaves, and HASH(3) only confirms.
     */
    @Test
    void theResponderInstallsItsPairWhenItSendsQuickMode2() {
        Peers.Side side = Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1));
        start(side, side);
        for (int i = 0; i < 7; i++) pair.deliverNext();                       // MM1..MM6, QM1
        IpsecSaPair b = established(pair.b);
        assertTrue(pair.a.events(IkeEvent.QuickModeEstablished.class).isEmpty(), "A has not read QM#2 yet");
        pair.deliverNext();                                                    // QM2
        agree(established(pair.a), b);
        pair.deliverNext();                                                    // QM3
        assertEquals(1, pair.b.events(IkeEvent.QuickModeEstablished.class).size(), "HASH(3) installs nothing more");
        assertEquals(1, pair.b.engine.ipsecSas().size());
        assertTrue(pair.network.isEmpty());
    }

    @Test
    void negotiatesTunnelModeAhPlusEspWithPfs() {
        Peers.Side a = Peers.Side.transport(List.of(Peers.ESP_GCM128, Peers.AH_SHA1_ESP_3DES)).withTunnel("198.19.1.0/24", "198.19.2.0/24", true);
        Peers.Side b = Peers.Side.transport(List.of(Peers.AH_SHA1_ESP_3DES)).withTunnel("198.19.2.0/24", "198.19.1.0/24", true);
        start(a, b);
        pair.deliverAll();
        IpsecSaPair pa = established(pair.a);
        IpsecSaPair pb = established(pair.b);
        agree(pa, pb);
        assertEquals(List.of(IpsecProtocol.ESP, IpsecProtocol.AH), pa.outbound().sas().stream().map(IpsecSaSpec::protocol).toList(),
                "ESP inside AH");
        assertEquals(Mode.TUNNEL, pa.outbound().outermost().mode());
        assertEquals("198.19.1.0/24 -> 198.19.2.0/24", pa.outbound().outermost().selector().toString());
        assertEquals("198.19.2.0/24 -> 198.19.1.0/24", pa.inbound().outermost().selector().toString());
        assertEquals(1800, pa.outbound().outermost().lifetime().hardSeconds(), "the method B chose: proposal 2");
    }

    @Test
    void aWrongPreSharedKeyFailsCleanlyOnBothSides() {
        Peers.Side a = Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1));
        start(a, a.withPsk("another key"));
        pair.deliverAll();
        IkeEvent.NegotiationFailed atB = pair.b.events(IkeEvent.NegotiationFailed.class).get(0);
        assertEquals(IkeEvent.FailurePoint.ME, atB.point());
        assertTrue(atB.reason().contains("pre-shared key mismatch?"), atB.reason());
        IkeEvent.NegotiationFailed atA = pair.a.events(IkeEvent.NegotiationFailed.class).get(0);
        assertEquals(IkeEvent.FailurePoint.PEER, atA.point());
        assertTrue(atA.reason().contains("AUTHENTICATION_FAILED"), atA.reason());
        assertEquals(1, pair.b.count(IkeCounter.AUTHENTICATION_FAILURES));
        assertTrue(pair.a.engine.isakmpSas().isEmpty());
        assertTrue(pair.b.engine.isakmpSas().isEmpty());
        assertEquals(1, pair.a.count(IkeCounter.ACQUIRE_FAILURES));
        assertTrue(pair.a.timers.isEmpty() && pair.b.timers.isEmpty(), "no timer left behind");
    }

    @Test
    void aMainModeProposalMismatchNamesBothSides() {
        Peers.Side b = Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1));
        start(b.withMainMode(Peers.TDES_SHA1_MODP1024), b);
        pair.deliverAll();
        String reason = pair.b.events(IkeEvent.NegotiationFailed.class).get(0).reason();
        assertEquals("no Main Mode proposal chosen: peer offered 3des-sha1-modp1024; we accept aes128-sha256-modp2048 with psk", reason);
        assertTrue(pair.a.events(IkeEvent.NegotiationFailed.class).get(0).reason().contains("NO_PROPOSAL_CHOSEN"));
        assertTrue(pair.a.engine.isakmpSas().isEmpty());
    }

    @Test
    void aQuickModeProposalMismatchIsRefusedWithNoProposalChosen() {
        start(Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1)), Peers.Side.transport(List.of(Peers.ESP_AES256_SHA256)));
        pair.deliverAll();
        IkeEvent.NegotiationFailed atB = pair.b.events(IkeEvent.NegotiationFailed.class).get(0);
        assertEquals(IkeEvent.Phase.QUICK_MODE, atB.phase());
        assertTrue(atB.reason().contains("peer offered esp:aes128-sha1; we accept [esp:aes256-sha256]"), atB.reason());
        assertTrue(pair.a.events(IkeEvent.NegotiationFailed.class).get(0).reason().contains("NO_PROPOSAL_CHOSEN"));
        assertEquals(1, pair.a.engine.isakmpSas().size(), "the ISAKMP SA stays");
    }

    @Test
    void survivesLossDuplicationAndReordering() {
        Peers.Side side = Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1));
        start(side, side);
        pair.deliverNext();                                   // MM1 -->
        pair.drop();                                          // <-- MM2 lost
        pair.advance(Duration.ofSeconds(1));                  // both resend
        pair.network.add(pair.network.get(0));                // and the network duplicates one
        java.util.Collections.reverse(pair.network);
        pair.deliverAll();
        agree(established(pair.a), established(pair.b));
        assertEquals(1, pair.a.events(IkeEvent.PhaseOneEstablished.class).size());
    }

    @Test
    void deletesReachThePeer() {
        Peers.Side side = Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1));
        start(side, side);
        pair.deliverAll();
        IpsecSaPair a = established(pair.a);
        pair.apply(pair.a, pair.a.engine.deleteIpsecSa(a.id(), "admin", pair.now));
        pair.deliverAll();
        IkeEvent.SaDeleted d = pair.b.events(IkeEvent.SaDeleted.class).get(0);
        assertEquals(IkeEvent.DeletedBy.PEER, d.by());
        assertEquals(0, pair.b.engine.ipsecSas().size());
        pair.apply(pair.a, pair.a.engine.delete(pair.a.engine.isakmpSas().get(0).cookies(), "admin", pair.now));
        pair.deliverAll();
        assertTrue(pair.b.engine.isakmpSas().isEmpty(), "B removed the ISAKMP SA on A's Delete");
        assertTrue(pair.b.events(IkeEvent.SaDeleted.class).get(1).which() instanceof IkeEvent.IsakmpSaRef);
    }

    @Test
    void deadPeerDetectionAsksAndDeclaresASilentPeerDead() {
        Peers.Side side = Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1));
        pair = Peers.pair(side, side, org.ikd.core.ike.IkeConfig.DEFAULT.withDpd(Duration.ofSeconds(30), 3));
        pair.acquire(pair.a, new AcquireRequest("r1", side.flow(Peers.A, Peers.B), Peers.A, Peers.B));
        pair.deliverAll();
        pair.advance(Duration.ofSeconds(30));
        // HDR*, HASH(1), N(R-U-THERE) -->  <-- HDR*, HASH(1), N(R-U-THERE-ACK), both ways
        assertEquals(4, pair.deliverAll());
        assertTrue(pair.a.events(IkeEvent.PeerDead.class).isEmpty());
        pair.advance(Duration.ofSeconds(30));
        pair.filter(d -> !d.remote().getAddress().equals(Peers.B));   // B is gone
        for (int i = 0; i < 10; i++) {
            pair.advance(Duration.ofSeconds(16));
            pair.filter(d -> !d.remote().getAddress().equals(Peers.B));
        }
        assertEquals(1, pair.a.events(IkeEvent.PeerDead.class).size());
        assertTrue(pair.a.events(IkeEvent.SaDeleted.class).stream().anyMatch(e -> e.by() == IkeEvent.DeletedBy.DEAD_PEER
                && e.which() instanceof IkeEvent.IpsecSaRef));
        assertTrue(pair.a.engine.isakmpSas().isEmpty());
    }

    @Test
    void forcedEncapsulationFloatsToPort4500AndUdpEncapsulatesEsp() {
        Peers.Side b = Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1));
        Peers.Side a = b.withOptions(ExchangeOptions.DEFAULT.withForcedEncapsulation(true));
        start(a, b);
        for (int i = 0; i < 4; i++) {
            assertEquals(OutboundDatagram.Framing.ISAKMP, pair.network.get(0).framing(), "MM" + (i + 1) + " on 500");
            pair.deliverNext();
        }
        OutboundDatagram mm5 = pair.network.get(0);
        assertEquals(OutboundDatagram.Framing.NON_ESP_MARKER, mm5.framing());    // RFC 3947 §4: float at MM5
        assertEquals(4500, mm5.remote().getPort());
        pair.deliverNext();
        assertEquals(4500, pair.network.get(0).local().getPort(), "B answers from 4500");
        pair.deliverAll();
        IpsecSaPair pa = established(pair.a);
        agree(pa, established(pair.b));
        assertNotNull(pa.outbound().outermost().natTraversal());
        assertEquals(4500, pa.outbound().outermost().natTraversal().remotePort());
        assertTrue(pair.b.events(IkeEvent.PhaseOneEstablished.class).get(0).summary().contains("NAT-T"));
    }

    @Test
    void aResponderWithAShorterLifetimeSaysSoWithResponderLifetime() {
        Peers.Side b = Peers.Side.transport(List.of(new org.ikd.core.policy.SecurityMethod(EspCipher.AES_CBC, 128,
                IntegrityAlgorithm.HMAC_SHA1_96, null, 900, 50_000)));
        start(Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1)), b);
        pair.deliverAll();
        IpsecSaPair a = established(pair.a);
        agree(a, established(pair.b));
        assertEquals(900, a.outbound().outermost().lifetime().hardSeconds(), "RFC 2407 §4.6.3.1: the initiator takes the shorter one");
        assertEquals(50_000L * 1024, a.outbound().outermost().lifetime().hardBytes());
        assertEquals(900, established(pair.b).inbound().outermost().lifetime().hardSeconds());
    }

    @Test
    void aFailedQuickModeGivesItsSpisBack() {
        start(Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1, Peers.ESP_GCM128)), Peers.Side.transport(List.of(Peers.ESP_AES256_SHA256)));
        pair.deliverNext();
        pair.deliverNext();
        pair.deliverNext();
        pair.deliverNext();
        pair.deliverNext();
        pair.deliverNext();                                    // Main Mode done; QM1 (two SPIs reserved) on the network
        assertEquals(2, pair.a.engine.ipsecSas().spis().reservedCount());
        pair.network.clear();                                  // and lost for good
        pair.advance(Duration.ofSeconds(40));
        assertEquals(0, pair.a.engine.ipsecSas().spis().reservedCount());
        assertEquals(IkeEvent.Phase.QUICK_MODE, pair.a.events(IkeEvent.NegotiationFailed.class).get(0).phase());
    }

    /** A's address and ports as a NAT in front of it rewrites them; B only ever sees the public side. */
    static OutboundDatagram throughNat(OutboundDatagram d) {
        java.net.InetSocketAddress pub = new java.net.InetSocketAddress("198.18.0.9", d.local().getPort() + 10000);
        if (d.local().getAddress().equals(Peers.A)) return new OutboundDatagram(pub, d.remote(), d.framing(), d.message());
        if (d.remote().getAddress().equals(pub.getAddress()))
            return new OutboundDatagram(d.local(), new java.net.InetSocketAddress(Peers.A, d.remote().getPort() - 10000), d.framing(), d.message());
        return d;
    }

    @Test
    void detectsANatInFrontOfTheInitiatorAndKeepsItsMappingAlive() {
        Peers.Side side = Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1));
        pair = Peers.pair(side, side.withPeersIn("198.18.0.0/24"), Peers.config());
        pair.path = Ikev1InMemoryTest::throughNat;
        pair.acquire(pair.a, new AcquireRequest("r1", side.flow(Peers.A, Peers.B), Peers.A, Peers.B));
        pair.deliverAll();
        assertTrue(pair.a.events(IkeEvent.PhaseOneEstablished.class).get(0).summary().contains("we are behind a NAT"));
        assertTrue(pair.b.events(IkeEvent.PhaseOneEstablished.class).get(0).summary().contains("peer behind a NAT"));
        IpsecSaPair a = established(pair.a);
        assertNotNull(a.outbound().outermost().natTraversal(), "UDP-encapsulated ESP");
        pair.advance(Duration.ofSeconds(20));
        OutboundDatagram keepalive = pair.network.get(0);
        assertEquals(OutboundDatagram.Framing.NAT_KEEPALIVE, keepalive.framing());       // RFC 3948 §2.3
        assertEquals(4500, keepalive.remote().getPort());
    }
}
