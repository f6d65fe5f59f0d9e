package org.ikd.core.ike.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ikd.core.crypto.Secret;
import org.ikd.core.gss.ToyKerberos;
import org.ikd.core.ike.EnginePair;
import org.ikd.core.ike.IkeCounter;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.payload.GssTokenPayload;
import org.ikd.core.policy.AuthenticationMethod;
import org.junit.jupiter.api.Test;

/**
 * Main Mode with the GSS-API (draft-ietf-ipsec-isakmp-gss-auth-07 §3.2) between two engines in
 * memory, over a toy mechanism ({@link ToyKerberos}); MIT Kerberos itself is in src-it:
 * HDR, SA -->  <-- HDR, SA   HDR, KE, Ni, GSSi -->  <-- HDR, KE, Nr, GSSr
 * HDR*, IDii, HASH_I -->  <-- HDR*, IDir, HASH_R   then Quick Mode (3 messages).
 */
class KerberosMainModeTest {
    static final String A = "host/a.example@EXAMPLE";
    static final String B = "host/b.example@EXAMPLE";

    static AuthenticationMethod.Kerberos kerberos(ToyKerberos kdc, String self, String peer) {
        return new AuthenticationMethod.Kerberos(null, self, peer, kdc.credentials(self));
    }

    @Test
    void negotiatesMainModeWithKerberosThenQuickMode() {
        ToyKerberos kdc = new ToyKerberos(A, B);
        EnginePair pair = SignatureMainModeTest.negotiate(List.of(kerberos(kdc, A, B)), List.of(kerberos(kdc, B, "@EXAMPLE")));
        SignatureMainModeTest.bothEstablished(pair, "kerberos", "kerberos " + A, "kerberos " + B);
    }

    @Test
    void messagesThreeAndFourCarryTheTokensInGssPayloads() {
        ToyKerberos kdc = new ToyKerberos(A, B);
        EnginePair pair = new EnginePair(SignatureMainModeTest.engine(SignatureMainModeTest.policy(Peers.A, Peers.B,
                List.of(kerberos(kdc, A, B))), 1), Peers.A, SignatureMainModeTest.engine(SignatureMainModeTest.policy(Peers.B, Peers.A,
                List.of(kerberos(kdc, B, A))), 2), Peers.B, 500);
        pair.acquire(pair.a, new org.ikd.core.ike.AcquireRequest("r1", org.ikd.core.policy.Selector.between(
                org.ikd.core.policy.Subnet.host(Peers.A), org.ikd.core.policy.Subnet.host(Peers.B)), Peers.A, Peers.B));
        pair.deliverNext();                                                          // HDR, SA -->
        pair.deliverNext();                                                          // <-- HDR, SA
        IsakmpMessage mm3 = IsakmpMessage.decode(java.nio.ByteBuffer.wrap(pair.network.get(0).message().toArray()));
        assertTrue(new String(mm3.first(GssTokenPayload.class).orElseThrow().token().toArray()).startsWith("AP-REQ|" + A + "|" + B));
        pair.deliverNext();                                                          // HDR, KE, Ni, GSSi -->
        IsakmpMessage mm4 = IsakmpMessage.decode(java.nio.ByteBuffer.wrap(pair.network.get(0).message().toArray()));
        assertTrue(new String(mm4.first(GssTokenPayload.class).orElseThrow().token().toArray()).startsWith("AP-REP|"));
        pair.deliverAll();
        assertEquals(1, pair.a.events(IkeEvent.PhaseOneEstablished.class).size(), pair.a.events.toString());
    }

    @Test
    void theResponderRefusesAPrincipalItsRuleDoesNotName() {
        ToyKerberos kdc = new ToyKerberos(A, B, "host/c.example@EXAMPLE");
        EnginePair pair = SignatureMainModeTest.negotiate(List.of(kerberos(kdc, A, B)),
                List.of(kerberos(kdc, B, "host/c.example@EXAMPLE")));
        List<IkeEvent.NegotiationFailed> failed = pair.b.events(IkeEvent.NegotiationFailed.class);
        assertEquals(1, failed.size(), "B events: " + pair.b.events);
        assertEquals("Kerberos: the peer authenticated as " + A + ", but the rule accepts only host/c.example@EXAMPLE",
                failed.get(0).reason());
        assertEquals(1, pair.b.count(IkeCounter.AUTHENTICATION_FAILURES));
        assertTrue(pair.a.events(IkeEvent.PhaseOneEstablished.class).isEmpty());
    }

    @Test
    void theAcceptorsRefusalIsNamedOnTheResponder() {
        ToyKerberos kdc = new ToyKerberos(A, B);
        kdc.acceptFailure = "Clock skew too great (37)";
        EnginePair pair = SignatureMainModeTest.negotiate(List.of(kerberos(kdc, A, B)), List.of(kerberos(kdc, B, A)));
        List<IkeEvent.NegotiationFailed> failed = pair.b.events(IkeEvent.NegotiationFailed.class);
        assertEquals(1, failed.size(), "B events: " + pair.b.events);
        assertEquals("Kerberos: the peer's AP-REQ does not authenticate it: Clock skew too great (37)", failed.get(0).reason());
        assertEquals(IkeEvent.FailurePoint.ME, failed.get(0).point());
    }

    @Test
    void aHostileTokenInMessageThreeIsARefusalCountedOnTheResponder() {
        ToyKerberos kdc = new ToyKerberos(A, B);
        kdc.forgedToken = new byte[] {0x60, (byte) 0x82, (byte) 0xff, (byte) 0xff, 0x06};     // RFC 2743 §3.1 framing, cut short
        EnginePair pair = SignatureMainModeTest.negotiate(List.of(kerberos(kdc, A, B)), List.of(kerberos(kdc, B, A)));
        List<IkeEvent.NegotiationFailed> failed = pair.b.events(IkeEvent.NegotiationFailed.class);
        assertEquals(1, failed.size(), "B events: " + pair.b.events);
        assertEquals("Kerberos: the peer's AP-REQ does not authenticate it: Defective token detected", failed.get(0).reason());
        assertEquals(1, pair.b.count(IkeCounter.AUTHENTICATION_FAILURES));
        assertTrue(pair.a.events(IkeEvent.PhaseOneEstablished.class).isEmpty());
    }

    @Test
    void anInitiatorWithoutATicketFailsWithTheKdcsReason() {
        ToyKerberos kdc = new ToyKerberos(A, B);
        kdc.initiateFailure = "KDC unreachable";
        EnginePair pair = SignatureMainModeTest.negotiate(List.of(kerberos(kdc, A, B)), List.of(kerberos(kdc, B, A)));
        List<IkeEvent.NegotiationFailed> failed = pair.a.events(IkeEvent.NegotiationFailed.class);
        assertEquals(1, failed.size(), "A events: " + pair.a.events);
        assertEquals("Kerberos: no ticket for " + B + ": KDC unreachable", failed.get(0).reason());
    }

    @Test
    void anInitiatorWithoutATicketSendsNothing() {
        ToyKerberos kdc = new ToyKerberos(A, B);
        kdc.initiateFailure = "KDC unreachable";
        EnginePair pair = SignatureMainModeTest.negotiate(List.of(kerberos(kdc, A, B)), List.of(kerberos(kdc, B, A)));
        assertTrue(pair.b.events.isEmpty(), "B never heard of it: " + pair.b.events);
    }

    @Test
    void withoutATicketKerberosIsLeftOutOfTheOfferAndThePreSharedKeyServes() {
        ToyKerberos kdc = new ToyKerberos(A, B);
        kdc.initiateFailure = "KDC unreachable";
        AuthenticationMethod psk = new AuthenticationMethod.PreSharedKey(Secret.of("k".getBytes()), "test");
        EnginePair pair = SignatureMainModeTest.negotiate(List.of(kerberos(kdc, A, B), psk), List.of(kerberos(kdc, B, A), psk));
        SignatureMainModeTest.bothEstablished(pair, "psk", Peers.A.getHostAddress(), Peers.B.getHostAddress());
        assertTrue(pair.a.events.toString().contains("without Kerberos (Kerberos: no ticket for " + B + ": KDC unreachable)"),
                pair.a.events.toString());
    }

    @Test
    void anInitiatorWhoseRuleNamesOnlyARealmCannotStart() {
        ToyKerberos kdc = new ToyKerberos(A, B);
        EnginePair pair = SignatureMainModeTest.negotiate(List.of(kerberos(kdc, A, "@EXAMPLE")), List.of(kerberos(kdc, B, A)));
        List<IkeEvent.NegotiationFailed> failed = pair.a.events(IkeEvent.NegotiationFailed.class);
        assertEquals(1, failed.size(), "A events: " + pair.a.events);
        assertTrue(failed.get(0).reason().contains("an initiator needs the peer's principal"), failed.get(0).reason());
    }

    @Test
    void aResponderWithOnlyAPreSharedKeyRefusesKerberos() {
        ToyKerberos kdc = new ToyKerberos(A, B);
        AuthenticationMethod psk = new AuthenticationMethod.PreSharedKey(Secret.of("k".getBytes()), "test");
        EnginePair pair = SignatureMainModeTest.negotiate(List.of(kerberos(kdc, A, B)), List.of(psk));
        List<IkeEvent.NegotiationFailed> failed = pair.b.events(IkeEvent.NegotiationFailed.class);
        assertEquals(1, failed.size(), "B events: " + pair.b.events);
        assertTrue(failed.get(0).reason().endsWith("with psk"), failed.get(0).reason());
    }

    @Test
    void kerberosListedAfterAPreSharedKeyIsChosenWhenTheResponderHasOnlyKerberos() {
        ToyKerberos kdc = new ToyKerberos(A, B);
        AuthenticationMethod psk = new AuthenticationMethod.PreSharedKey(Secret.of("k".getBytes()), "test");
        EnginePair pair = SignatureMainModeTest.negotiate(List.of(psk, kerberos(kdc, A, B)), List.of(kerberos(kdc, B, A)));
        SignatureMainModeTest.bothEstablished(pair, "kerberos", "kerberos " + A, "kerberos " + B);
    }
}
