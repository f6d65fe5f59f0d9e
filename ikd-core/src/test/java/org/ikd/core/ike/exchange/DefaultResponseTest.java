package org.ikd.core.ike.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.ikd.core.crypto.Secret;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.EnginePair;
import org.ikd.core.ike.IkeCounter;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.pki.TestCa;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.Filter;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.FilterList;
import org.ikd.core.policy.MainModeSettings;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Rule;
import org.ikd.core.policy.SecurityMethod;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.junit.jupiter.api.Test;

/**
 * Windows' default response rule: B answers a peer that no explicit rule of B covers, with the
 * default response's authentication methods (Main Mode) and security methods (Quick Mode), in
 * transport mode between B's address and the peer's own; B never initiates with it. A (198.18.0.1)
 * and M (198.18.0.3) initiate with ikd's own initiator, whose IDs come from the acquire's flow.
 */
class DefaultResponseTest {
    private static final InetAddress A = Peers.A;
    private static final InetAddress B = Peers.B;
    private static final InetAddress M = Peers.address("198.18.0.3");
    private static final String K1 = "key of the to-a rule";
    private static final String KD = "key of the default response";
    private static final MainModeSettings MAIN_MODE = new MainModeSettings(List.of(Peers.AES128_SHA256_MODP2048), 28800, false, 0);

    private static Rule rule(String name, Selector s, String key, SecurityMethod method) {
        return new Rule(name, new FilterList(name, List.of(new Filter(s, true))), negotiate(name, method), psk(key, name), null, null, false);
    }

    private static FilterAction.Negotiate negotiate(String name, SecurityMethod method) {
        return new FilterAction.Negotiate(name, List.of(method), false, null, false, false);
    }

    private static List<AuthenticationMethod> psk(String key, String source) {
        return List.of(new AuthenticationMethod.PreSharedKey(Secret.of(key.getBytes()), source));
    }

    private static Rule defaultResponse() {
        return Policy.defaultResponse(negotiate("respond", Peers.ESP_AES128_SHA1), psk(KD, "default.psk"));
    }

    private static Selector sel(String source, String destination) {
        return Selector.between(Subnet.parse(source), Subnet.parse(destination));
    }

    /** B with only the default response. */
    private static final Policy B_ALONE = new Policy("b", MAIN_MODE, List.of(), defaultResponse());

    /** B with an explicit rule for A (K1) and the default response (KD) for everyone else. */
    private static final Policy B_BESIDE = new Policy("b", MAIN_MODE, List.of(rule("to-a", sel("198.18.0.2", "198.18.0.1"), K1,
            Peers.ESP_AES128_SHA1)), defaultResponse());

    private static Policy initiator(String name, Selector s, String key, SecurityMethod method) {
        return new Policy(name, MAIN_MODE, List.of(rule(name, s, key, method)));
    }

    /** {@code peer} (rule {@code name}, key {@code key}) asks B for {@code flow} (its side first); returns B's failure reasons. */
    private static List<String> negotiate(EnginePair p, InetAddress peer, String name, Selector flow) {
        p.acquire(p.a, new AcquireRequest(name, flow, peer, B));
        p.deliverAll();
        return p.b.events(IkeEvent.NegotiationFailed.class).stream().map(IkeEvent.NegotiationFailed::reason).toList();
    }

    private static EnginePair withB(Policy peerPolicy, InetAddress peer, Policy b) {
        return new EnginePair(Peers.engine(peerPolicy, 1), peer, Peers.engine(b, 2), B, 500);
    }

    private static void assertInstalled(EnginePair p, String rule, Selector outboundOfB) {
        List<IkeEvent.QuickModeEstablished> q = p.b.events(IkeEvent.QuickModeEstablished.class);
        assertEquals(1, q.size(), p.b.events.toString());
        assertEquals(rule, q.get(0).pair().ruleName());
        assertEquals(outboundOfB, q.get(0).pair().outbound().outermost().selector());
        assertEquals(1, p.a.events(IkeEvent.QuickModeEstablished.class).size(), "the initiator installed its pair too");
    }

    // HDR, SA -->  <-- HDR, SA;  HDR, KE, Ni -->  <-- HDR, KE, Nr;  HDR*, IDii, HASH_I -->  <-- HDR*, IDir, HASH_R (KD)
    // HDR*, HASH(1), SA, Ni, IDci=A, IDcr=B -->  <-- HDR*, HASH(2), SA, Nr, IDci, IDcr  (rule 'default response');  HDR*, HASH(3) -->
    @Test
    void aloneItAnswersAnyPeerForItsOwnAddress() {
        EnginePair ab = withB(initiator("to-b", sel("198.18.0.1", "198.18.0.2"), KD, Peers.ESP_AES128_SHA1), A, B_ALONE);
        assertEquals(List.of(), negotiate(ab, A, "to-b", sel("198.18.0.1", "198.18.0.2")));
        assertInstalled(ab, Policy.DEFAULT_RESPONSE, sel("198.18.0.2", "198.18.0.1"));
        EnginePair mb = withB(initiator("m", sel("198.18.0.3", "198.18.0.2"), KD, Peers.ESP_AES128_SHA1), M, B_ALONE);
        assertEquals(List.of(), negotiate(mb, M, "m", sel("198.18.0.3", "198.18.0.2")));
        assertInstalled(mb, Policy.DEFAULT_RESPONSE, sel("198.18.0.2", "198.18.0.3"));
    }

    /** A behind a NAT (198.18.0.1 inside, 198.18.0.9 outside) names its inside address; B maps it to the NAT's (RFC 3947 §5.2). */
    @Test
    void aPeerBehindANatGetsItForItsNatAddress() {
        EnginePair ab = withB(initiator("to-b", sel("198.18.0.1", "198.18.0.2"), KD, Peers.ESP_AES128_SHA1), A, B_ALONE);
        ab.path = Ikev1InMemoryTest::throughNat;
        assertEquals(List.of(), negotiate(ab, A, "to-b", sel("198.18.0.1", "198.18.0.2")));
        assertInstalled(ab, Policy.DEFAULT_RESPONSE, sel("198.18.0.2", "198.18.0.9"));
        assertTrue(ab.b.events(IkeEvent.QuickModeEstablished.class).get(0).pair().outbound().outermost().natTraversal() != null,
                "UDP-encapsulated");
    }

    /** Main Mode with signatures (RFC 2409 §5.1): the default response's certificate method, for a peer whose chain B's CA issued. */
    @Test
    void itAuthenticatesWithItsCertificateMethod() {
        Rule byCertificate = Policy.defaultResponse(negotiate("respond", Peers.ESP_AES128_SHA1),
                List.of(SignatureMainModeTest.method(TestCa.rsa(), "CN=b", List.of(), SignatureMainModeTest.CA)));
        Policy b = new Policy("b", MAIN_MODE, List.of(), byCertificate);
        Policy a = SignatureMainModeTest.policy(A, B,
                List.of(SignatureMainModeTest.method(TestCa.rsa(), "CN=a", List.of(), SignatureMainModeTest.CA)));
        EnginePair ab = withB(a, A, b);
        assertEquals(List.of(), negotiate(ab, A, "r1", sel("198.18.0.1", "198.18.0.2")));
        assertEquals("aes128-sha256-modp2048 rsa-sig", SignatureMainModeTest.mainMode(ab.b).summary());
        assertInstalled(ab, Policy.DEFAULT_RESPONSE, sel("198.18.0.2", "198.18.0.1"));
    }

    @Test
    void quickModeUsesTheDefaultResponsesSecurityMethods() {
        EnginePair ab = withB(initiator("to-b", sel("198.18.0.1", "198.18.0.2"), KD, Peers.ESP_GCM128), A, B_ALONE);
        List<String> reasons = negotiate(ab, A, "to-b", sel("198.18.0.1", "198.18.0.2"));
        assertEquals(1, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).contains("no Quick Mode proposal chosen for rule 'default response'"), reasons.get(0));
        assertEquals(0, ab.b.events(IkeEvent.QuickModeEstablished.class).size());
    }

    @Test
    void mainModeWithAnotherKeyFails() {
        EnginePair ab = withB(initiator("to-b", sel("198.18.0.1", "198.18.0.2"), "not the key", Peers.ESP_AES128_SHA1), A, B_ALONE);
        negotiate(ab, A, "to-b", sel("198.18.0.1", "198.18.0.2"));
        assertEquals(0, ab.b.events(IkeEvent.PhaseOneEstablished.class).size());
        assertEquals(0, ab.b.events(IkeEvent.QuickModeEstablished.class).size());
    }

    @Test
    void besideExplicitRulesTheExplicitRulesPeerGetsItsRule() {
        EnginePair ab = withB(initiator("to-b", sel("198.18.0.1", "198.18.0.2"), K1, Peers.ESP_AES128_SHA1), A, B_BESIDE);
        assertEquals(List.of(), negotiate(ab, A, "to-b", sel("198.18.0.1", "198.18.0.2")));
        assertInstalled(ab, "to-a", sel("198.18.0.2", "198.18.0.1"));
    }

    @Test
    void besideExplicitRulesAnotherPeerGetsTheDefaultResponse() {
        EnginePair mb = withB(initiator("m", sel("198.18.0.3", "198.18.0.2"), KD, Peers.ESP_AES128_SHA1), M, B_BESIDE);
        assertEquals(List.of(), negotiate(mb, M, "m", sel("198.18.0.3", "198.18.0.2")));
        assertInstalled(mb, Policy.DEFAULT_RESPONSE, sel("198.18.0.2", "198.18.0.3"));
    }

    /** An explicit rule applies to A: Main Mode offers A that rule's key only, not the default response's. */
    @Test
    void aPeerAnExplicitRuleAppliesToCannotUseTheDefaultResponsesKey() {
        EnginePair ab = withB(initiator("to-b", sel("198.18.0.1", "198.18.0.2"), KD, Peers.ESP_AES128_SHA1), A, B_BESIDE);
        negotiate(ab, A, "to-b", sel("198.18.0.1", "198.18.0.2"));
        assertEquals(0, ab.b.events(IkeEvent.PhaseOneEstablished.class).size());
        assertEquals(0, ab.b.events(IkeEvent.QuickModeEstablished.class).size());
    }

    private static void assertRefused(EnginePair p, List<String> reasons, String part) {
        assertEquals(1, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).contains(part), reasons.get(0) + " should contain: " + part);
        assertEquals(1, p.b.count(IkeCounter.SELECTORS_REFUSED));
        assertEquals(0, p.b.events(IkeEvent.QuickModeEstablished.class).size(), "nothing installed");
        assertTrue(p.b.engine.ipsecSas().withPeer(M).isEmpty(), "B holds no pair with M");
    }

    @Test
    void aClaimForASubnetIsRefused() {
        EnginePair mb = withB(initiator("m", sel("198.18.0.3", "198.18.0.2"), KD, Peers.ESP_AES128_SHA1), M, B_BESIDE);
        assertRefused(mb, negotiate(mb, M, "m", sel("198.18.0.0/24", "198.18.0.2")),
                "peer 198.18.0.3 (authenticated for rule 'default response') asked for 198.18.0.0/24, which is not its own address");
    }

    @Test
    void aClaimForAnotherHostIsRefused() {
        EnginePair mb = withB(initiator("m", sel("198.18.0.3", "198.18.0.2"), KD, Peers.ESP_AES128_SHA1), M, B_BESIDE);
        assertRefused(mb, negotiate(mb, M, "m", sel("198.18.0.1", "198.18.0.2")), "asked for 198.18.0.1, which is not its own address");
    }

    /** Our side must be B's own address too: a host behind B is no transport-mode peer of the default response. */
    @Test
    void aClaimForAnotherHostOnOurSideIsRefused() {
        EnginePair mb = withB(initiator("m", sel("198.18.0.3", "198.18.0.2"), KD, Peers.ESP_AES128_SHA1), M, B_ALONE);
        assertRefused(mb, negotiate(mb, M, "m", sel("198.18.0.3", "198.18.0.9")),
                "asked for 198.18.0.9 -> 198.18.0.3, which no rule it is authenticated for allows");
    }

    @Test
    void itNeverStartsAMainMode() {
        EnginePair ab = withB(initiator("to-b", sel("198.18.0.1", "198.18.0.2"), KD, Peers.ESP_AES128_SHA1), A, B_ALONE);
        var step = ab.acquire(ab.b, new AcquireRequest(Policy.DEFAULT_RESPONSE, sel("198.18.0.2", "198.18.0.1"), B, A));
        assertEquals(List.of(), step.send());
        assertNeverInitiates(ab);
    }

    @Test
    void itNeverStartsAQuickModeEvenOnAnIsakmpSaItAnswered() {
        EnginePair ab = withB(initiator("to-b", sel("198.18.0.1", "198.18.0.2"), KD, Peers.ESP_AES128_SHA1), A, B_ALONE);
        assertEquals(List.of(), negotiate(ab, A, "to-b", sel("198.18.0.1", "198.18.0.2")));
        var step = ab.acquire(ab.b, new AcquireRequest(Policy.DEFAULT_RESPONSE, sel("198.18.0.2", "198.18.0.1"), B, A));
        assertEquals(List.of(), step.send(), "no Quick Mode on A's ISAKMP SA");
        assertNeverInitiates(ab);
    }

    private static void assertNeverInitiates(EnginePair ab) {
        List<IkeEvent.NegotiationFailed> f = ab.b.events(IkeEvent.NegotiationFailed.class);
        assertEquals(1, f.size(), f.toString());
        assertTrue(f.get(0).reason().contains("the default response only answers negotiations a peer starts; it never initiates one"),
                f.get(0).reason());
        assertEquals(1, ab.b.count(IkeCounter.ACQUIRE_FAILURES));
    }

    /** At B's soft point (A's renewal lost on the way), B does not renew an ISAKMP SA that keys only the default response. */
    @Test
    void itDoesNotRenewTheIsakmpSaOfItsPairs() {
        EnginePair ab = withB(initiator("to-b", sel("198.18.0.1", "198.18.0.2"), KD, Peers.ESP_AES128_SHA1), A, B_ALONE);
        assertEquals(List.of(), negotiate(ab, A, "to-b", sel("198.18.0.1", "198.18.0.2")));
        ab.advance(Duration.ofSeconds(28700));
        assertTrue(ab.network.stream().noneMatch(d -> d.local().getAddress().equals(B)), "B sent nothing: " + ab.network);
        assertTrue(ab.b.events(IkeEvent.Progress.class).stream().anyMatch(e -> e.text()
                .contains("protects only pairs of the default response, which never initiates: not renewed")), ab.b.events.toString());
    }
}
