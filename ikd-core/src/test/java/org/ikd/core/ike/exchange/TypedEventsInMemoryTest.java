package org.ikd.core.ike.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.ikd.core.crypto.DhGroupId;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.Phase1Cipher;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.CookiePair;
import org.ikd.core.ike.EnginePair;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.isakmp.doi.AuthMethod;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.policy.MainModeMethod;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 item 4: what the engine's events say, typed, so that the daemon parses no text. Two
 * engines through a list; the expected values are the test policy's (Peers: rule r1, Main Mode
 * aes128-sha256-modp2048 for 28800 s, A 198.18.0.1 initiating to B 198.18.0.2 on UDP 500) and the
 * RFC 2408 §3.14.1 notify types each side sends.
 */
class TypedEventsInMemoryTest {
    private static final InetSocketAddress A = new InetSocketAddress(Peers.A, 500);
    private static final InetSocketAddress B = new InetSocketAddress(Peers.B, 500);
    private static final Peers.Side ESP = Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1));

    private EnginePair pair;

    private void run(Peers.Side a, Peers.Side b) {
        pair = Peers.pair(a, b, Peers.config());
        pair.acquire(pair.a, new AcquireRequest("r1", a.flow(Peers.A, Peers.B), Peers.A, Peers.B));
        pair.deliverAll();
    }

    private static IkeEvent.NegotiationFailed onlyFailure(EnginePair.Side side) {
        List<IkeEvent.NegotiationFailed> f = side.events(IkeEvent.NegotiationFailed.class);
        assertEquals(1, f.size(), side + " events: " + side.events);
        return f.get(0);
    }

    @Test
    void phaseOneEstablishedNamesTheSaItsRoleRuleMethodAndLifetime() {
        // HDR, SA -->  <-- HDR, SA   HDR, KE, Ni -->  <-- HDR, KE, Nr   HDR*, IDii, HASH_I -->  <-- HDR*, IDir, HASH_R
        run(ESP, ESP);
        IkeEvent.PhaseOneEstablished atA = SignatureMainModeTest.mainMode(pair.a);
        IkeEvent.PhaseOneEstablished atB = SignatureMainModeTest.mainMode(pair.b);
        MainModeMethod agreed = new MainModeMethod(Phase1Cipher.AES_CBC, 128, HashAlgorithm.SHA2_256, DhGroupId.MODP_2048);
        for (IkeEvent.PhaseOneEstablished m : List.of(atA, atB)) {
            assertEquals(agreed, m.method());
            assertEquals(AuthMethod.PRE_SHARED_KEY, m.auth());
            assertEquals("psk", m.authentication());
            assertEquals(Duration.ofSeconds(28800), m.lifetime());
            assertEquals("r1", m.sa().rule());
            assertTrue(m.sa().serial() > 0, m.toString());
        }
        assertEquals(new IkeEvent.IsakmpSaFacts(atA.sa().serial(), IsakmpSa.Role.INITIATOR, A, B, "r1", "198.18.0.2",
                atA.sa().peerVendor()), atA.sa());
        assertEquals(new IkeEvent.IsakmpSaFacts(atB.sa().serial(), IsakmpSa.Role.RESPONDER, B, A, "r1", "198.18.0.1",
                atB.sa().peerVendor()), atB.sa());
        assertEquals(pair.a.engine.isakmpSas().get(0).serial(), atA.sa().serial(), "the serial show mm shows");
        // HDR*, HASH(1), SA, Ni, IDci, IDcr -->  <-- HDR*, HASH(2), SA, Nr, IDci, IDcr: keyed by that ISAKMP SA
        IkeEvent.QuickModeEstablished qmA = pair.a.events(IkeEvent.QuickModeEstablished.class).get(0);
        IkeEvent.QuickModeEstablished qmB = pair.b.events(IkeEvent.QuickModeEstablished.class).get(0);
        assertEquals(atA.sa(), qmA.sa());
        assertEquals(atB.sa(), qmB.sa());
    }

    @Test
    void aWrongKeyIsThePeersAuthenticationFailureOnTheResponderAndItsRefusalOnTheInitiator() {
        // HDR*, IDii, HASH_I -->  <-- HDR, N(AUTHENTICATION-FAILED)
        run(ESP, ESP.withPsk("another key"));
        IkeEvent.NegotiationFailed atB = onlyFailure(pair.b);
        assertEquals(IkeEvent.FailureKind.AUTHENTICATION, atB.kind());
        assertEquals(NotifyType.AUTHENTICATION_FAILED, atB.notifyType());
        assertEquals("r1", atB.rule());
        assertEquals(B, atB.local());
        assertEquals(IsakmpSa.Role.RESPONDER, atB.sa().role());
        assertTrue(atB.sa().serial() > 0);
        IkeEvent.NegotiationFailed atA = onlyFailure(pair.a);
        assertEquals(IkeEvent.FailureKind.NEGOTIATION, atA.kind(), "the peer refused: 547 alone, failure point peer");
        assertEquals(NotifyType.AUTHENTICATION_FAILED, atA.notifyType());
        assertEquals(IkeEvent.FailurePoint.PEER, atA.point());
        assertEquals("r1", atA.rule());
        assertEquals(A, atA.local());
        // issue 15: the engine, not the daemon, ends the wait of the packets that asked for it
        assertEquals(List.of(new org.ikd.core.ike.ipsec.PairAction.AbandonHeld(Peers.B, atA.reason())),
                pair.a.actions.stream().filter(x -> x instanceof org.ikd.core.ike.ipsec.PairAction.AbandonHeld).toList());
    }

    @Test
    void aMainModeProposalMismatchIsAnInvalidProposalThatSaysWhatEachSideHas() {
        // HDR, SA(3des-sha1-modp1024) -->  <-- HDR, N(NO-PROPOSAL-CHOSEN)
        run(ESP.withMainMode(Peers.TDES_SHA1_MODP1024), ESP);
        IkeEvent.NegotiationFailed atB = onlyFailure(pair.b);
        assertEquals(IkeEvent.FailureKind.INVALID_PROPOSAL, atB.kind());
        assertEquals(new IkeEvent.ProposalMismatch(List.of("3des-sha1-modp1024"), List.of("aes128-sha256-modp2048 psk")),
                atB.mismatch());
        assertEquals(NotifyType.NO_PROPOSAL_CHOSEN, atB.notifyType());
        assertEquals("r1", atB.rule());
        IkeEvent.NegotiationFailed atA = onlyFailure(pair.a);
        assertEquals(IkeEvent.FailureKind.NEGOTIATION, atA.kind());
        assertEquals(NotifyType.NO_PROPOSAL_CHOSEN, atA.notifyType());
        assertNull(atA.mismatch());
    }

    @Test
    void aQuickModeProposalMismatchNamesTheRuleAndTheTraffic() {
        // HDR*, HASH(1), SA(esp:aes128-sha1), Ni, IDci, IDcr -->  <-- HDR*, HASH, N(NO-PROPOSAL-CHOSEN)
        run(ESP, Peers.Side.transport(List.of(Peers.ESP_AES256_SHA256)));
        IkeEvent.NegotiationFailed atB = onlyFailure(pair.b);
        assertEquals(IkeEvent.Phase.QUICK_MODE, atB.phase());
        assertEquals(IkeEvent.FailureKind.INVALID_PROPOSAL, atB.kind());
        assertEquals(List.of("esp:aes256-sha256"), atB.mismatch().expected());
        assertTrue(atB.mismatch().received().get(0).contains("esp:aes128-sha1"), atB.mismatch().toString());
        assertEquals("r1", atB.rule());
        assertEquals(ESP.flow(Peers.B, Peers.A), atB.filter(), "B's outbound selector");
        IkeEvent.NegotiationFailed atA = onlyFailure(pair.a);
        assertEquals(NotifyType.NO_PROPOSAL_CHOSEN, atA.notifyType());
        assertEquals("r1", atA.rule());
        assertEquals(ESP.flow(Peers.A, Peers.B), atA.filter(), "A's acquire");
    }

    @Test
    void aDeletedIsakmpSaKeepsItsSerialRuleAndAddresses() {
        run(ESP, ESP);
        IsakmpSa sa = pair.a.engine.isakmpSas().get(0);
        pair.apply(pair.a, pair.a.engine.delete(sa.cookies(), "admin", pair.now));
        IkeEvent.SaDeleted gone = pair.a.events(IkeEvent.SaDeleted.class).stream()
                .filter(d -> d.which() instanceof IkeEvent.IsakmpSaRef).findFirst().orElseThrow();
        IkeEvent.IsakmpSaRef ref = (IkeEvent.IsakmpSaRef) gone.which();
        assertEquals(sa.cookies(), ref.cookies());
        assertEquals(new IkeEvent.IsakmpSaFacts(sa.serial(), IsakmpSa.Role.INITIATOR, A, B, "r1", "198.18.0.2",
                sa.peerVendor()), ref.sa());
    }

    @Test
    void aProgressLineKnowsItsExchangeColumn() {
        // docs/operations.md's EXCHANGE column, formerly the daemon's regex [A-Za-z]+#\S+ on each line
        CookiePair c = new CookiePair(1, 2);
        assertEquals("MM#3", new IkeEvent.Progress(c, B, "MM#3 recv HDR*, IDii, HASH_I").exchange());
        assertEquals("recv HDR*, IDii, HASH_I", new IkeEvent.Progress(c, B, "MM#3 recv HDR*, IDii, HASH_I").detail());
        assertEquals("QM#1a2b3c4d", new IkeEvent.Progress(c, B, "QM#1a2b3c4d recv").exchange());
        assertEquals("INFO#x", new IkeEvent.Progress(c, B, "INFO#x sent").exchange());
        for (String noColumn : List.of("#3 recv", "MM# recv", "MM3 recv", "MM#3\tx recv", "Mé#3 recv", "peer ikd, DPD yes")) {
            IkeEvent.Progress p = new IkeEvent.Progress(c, B, noColumn);
            assertEquals("IKE", p.exchange(), noColumn);
            assertEquals(noColumn, p.detail());
        }
    }
}
