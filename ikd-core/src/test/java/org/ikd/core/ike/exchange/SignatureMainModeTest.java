package org.ikd.core.ike.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ikd.core.crypto.Secret;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.EnginePair;
import org.ikd.core.ike.IkeCounter;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.IkeStatistics;
import org.ikd.core.ike.PairRegistry;
import org.ikd.core.ike.SeededEntropy;
import org.ikd.core.ike.SpiAllocator;
import org.ikd.core.ike.auth.RulePreSharedKeys;
import org.ikd.core.pki.Credential;
import org.ikd.core.pki.TestCa;
import org.ikd.core.pki.TrustAnchors;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.Filter;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.FilterList;
import org.ikd.core.policy.MainModeSettings;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Rule;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.junit.jupiter.api.Test;

/**
 * Main Mode with signatures between two engines in memory (RFC 2409 §5.1, RFC 4754):
 * HDR, SA -->  <-- HDR, SA   HDR, KE, Ni, CR -->  <-- HDR, KE, Nr, CR
 * HDR*, IDii, CERT, SIG_I -->  <-- HDR*, IDir, CERT, SIG_R   then Quick Mode (3 messages).
 */
class SignatureMainModeTest {
    static final Instant FROM = Instant.parse("2024-01-01T00:00:00Z");   // EnginePair.T0 is 2025-01-01
    static final Instant TO = Instant.parse("2030-01-01T00:00:00Z");
    static final TestCa CA = new TestCa("CN=Lab CA,O=ikd", TestCa.ec("secp256r1"), FROM, TO);

    static AuthenticationMethod.Certificate method(KeyPair k, String dn, List<X509CRL> crls, TestCa ca) {
        X509Certificate cert = ca.issue(dn, k.getPublic(), FROM, TO);
        return AuthenticationMethod.Certificate.of(new Credential(cert, k.getPrivate()),
                new TrustAnchors(List.of(CA.certificate()), crls));
    }

    static Policy policy(InetAddress local, InetAddress remote, List<AuthenticationMethod> auth) {
        Rule r = new Rule("r1", new FilterList("f1", List.of(new Filter(Selector.between(Subnet.host(local), Subnet.host(remote)), true))),
                new FilterAction.Negotiate("a1", List.of(Peers.ESP_AES128_SHA1), false, null, false, false),
                auth, null, null, false);
        return new Policy("p", new MainModeSettings(List.of(Peers.AES128_SHA256_MODP2048), 28800, false, 0), List.of(r));
    }

    static IkeEngine engine(Policy p, long seed) {
        SeededEntropy entropy = new SeededEntropy(seed);
        PairRegistry registry = new PairRegistry(new SpiAllocator(entropy, spi -> false));
        return new IkeEngine(Peers.config(), new Ikev1Exchanges(() -> p, new RulePreSharedKeys(() -> p), entropy,
                DhSource.of(new SecureRandom()), registry, ExchangeOptions.DEFAULT), entropy, new IkeStatistics(), registry);
    }

    static EnginePair negotiate(List<AuthenticationMethod> a, List<AuthenticationMethod> b) {
        EnginePair pair = new EnginePair(engine(policy(Peers.A, Peers.B, a), 1), Peers.A, engine(policy(Peers.B, Peers.A, b), 2), Peers.B, 500);
        pair.acquire(pair.a, new AcquireRequest("r1", Selector.between(Subnet.host(Peers.A), Subnet.host(Peers.B)), Peers.A, Peers.B));
        pair.deliverAll();
        return pair;
    }

    static IkeEvent.PhaseOneEstablished mainMode(EnginePair.Side s) {
        List<IkeEvent.PhaseOneEstablished> e = s.events(IkeEvent.PhaseOneEstablished.class);
        assertEquals(1, e.size(), s + " events: " + s.events);
        return e.get(0);
    }

    static void bothEstablished(EnginePair pair, String auth, String idOfA, String idOfB) {
        assertEquals("aes128-sha256-modp2048 " + auth, mainMode(pair.a).summary());
        assertEquals("aes128-sha256-modp2048 " + auth, mainMode(pair.b).summary());
        assertEquals(idOfB, mainMode(pair.a).peerId());
        assertEquals(idOfA, mainMode(pair.b).peerId());
        assertEquals(1, pair.a.events(IkeEvent.QuickModeEstablished.class).size(), "Quick Mode on A: " + pair.a.events);
        assertEquals(1, pair.b.events(IkeEvent.QuickModeEstablished.class).size(), "Quick Mode on B: " + pair.b.events);
    }

    @Test
    void negotiatesMainModeWithRsaSignatures() {
        EnginePair pair = negotiate(List.of(method(TestCa.rsa(), "O=ikd,CN=a", List.of(), CA)),
                List.of(method(TestCa.rsa(), "O=ikd,CN=b", List.of(), CA)));
        bothEstablished(pair, "rsa-sig", "dn CN=a,O=ikd", "dn CN=b,O=ikd");
    }

    @Test
    void negotiatesMainModeWithEcdsaOnEachCurve() {
        String[][] cases = {{"secp256r1", "ecdsa-256"}, {"secp384r1", "ecdsa-384"}, {"secp521r1", "ecdsa-521"}};
        for (String[] c : cases) {
            EnginePair pair = negotiate(List.of(method(TestCa.ec(c[0]), "CN=a", List.of(), CA)),
                    List.of(method(TestCa.ec(c[0]), "CN=b", List.of(), CA)));
            bothEstablished(pair, c[1], "dn CN=a", "dn CN=b");
        }
    }

    @Test
    void theResponderPicksTheFirstOfferedMethodItCanAuthenticate() {
        // A offers psk first, then RSA; B holds only a certificate: RSA is chosen
        AuthenticationMethod psk = new AuthenticationMethod.PreSharedKey(Secret.of("k".getBytes()), "test");
        EnginePair pair = negotiate(List.of(psk, method(TestCa.rsa(), "CN=a", List.of(), CA)),
                List.of(method(TestCa.rsa(), "CN=b", List.of(), CA)));
        bothEstablished(pair, "rsa-sig", "dn CN=a", "dn CN=b");
    }

    @Test
    void aRevokedInitiatorCertificateFailsWithTheReasonOnTheResponder() {
        KeyPair ka = TestCa.rsa();
        X509Certificate certA = CA.issue("CN=a", ka.getPublic(), FROM, TO);
        AuthenticationMethod a = AuthenticationMethod.Certificate.of(new Credential(certA, ka.getPrivate()),
                new TrustAnchors(List.of(CA.certificate()), List.of()));
        X509CRL crl = CA.crl(Instant.parse("2024-06-01T00:00:00Z"), certA);
        EnginePair pair = negotiate(List.of(a), List.of(method(TestCa.rsa(), "CN=b", List.of(crl), CA)));
        List<IkeEvent.NegotiationFailed> failed = pair.b.events(IkeEvent.NegotiationFailed.class);
        assertEquals(1, failed.size(), "B events: " + pair.b.events);
        assertTrue(failed.get(0).reason().startsWith("authentication failed: peer dn CN=a: certificate 'CN=a' (serial "
                + certA.getSerialNumber().toString(16) + ") was revoked on 2024-05-31T23:00:00Z"), failed.get(0).reason());
        assertEquals(1, pair.b.count(IkeCounter.AUTHENTICATION_FAILURES));
        assertTrue(pair.a.events(IkeEvent.PhaseOneEstablished.class).isEmpty());
        assertEquals(IkeEvent.FailureKind.CERTIFICATE_TRUST, failed.get(0).kind(), "msaudite.h 544: certificate trust");
    }

    @Test
    void aResponderCertificateFromAnUntrustedCaFailsOnTheInitiator() {
        TestCa rogue = new TestCa("CN=Rogue CA", TestCa.ec("secp256r1"), FROM, TO);
        EnginePair pair = negotiate(List.of(method(TestCa.rsa(), "CN=a", List.of(), CA)),
                List.of(method(TestCa.rsa(), "CN=b", List.of(), rogue)));
        List<IkeEvent.NegotiationFailed> failed = pair.a.events(IkeEvent.NegotiationFailed.class);
        assertEquals(1, failed.size(), "A events: " + pair.a.events);
        assertTrue(failed.get(0).reason().contains("certificate 'CN=b' (issuer 'CN=Rogue CA') does not chain to a trusted CA"),
                failed.get(0).reason());
        assertEquals(IkeEvent.FailurePoint.PEER, failed.get(0).point());
        assertEquals(IkeEvent.FailureKind.CERTIFICATE_TRUST, failed.get(0).kind(), "msaudite.h 544: certificate trust");
    }

    @Test
    void refusesSignaturesWhenTheKeyTypesDiffer() {
        // A signs with ECDSA-256, B only with RSA: no transform both can authenticate
        EnginePair pair = negotiate(List.of(method(TestCa.ec("secp256r1"), "CN=a", List.of(), CA)),
                List.of(method(TestCa.rsa(), "CN=b", List.of(), CA)));
        List<IkeEvent.NegotiationFailed> failed = new ArrayList<>(pair.b.events(IkeEvent.NegotiationFailed.class));
        assertEquals(1, failed.size(), "B events: " + pair.b.events);
        assertTrue(failed.get(0).reason().endsWith("we accept aes128-sha256-modp2048 with rsa-sig"), failed.get(0).reason());
    }

    @Test
    void aTrustedCertificateWithAnotherIdIsAnAuthenticationFailureNotATrustFailure() {
        // B's certificate chains to the CA A trusts, but A's rule wants peer-id CN=c: msaudite.h 545, not 544
        EnginePair pair = negotiate(List.of(method(TestCa.rsa(), "CN=a", List.of(), CA)
                        .withIdentities(null, new org.ikd.core.policy.Identity(org.ikd.core.policy.Identity.Type.DER_ASN1_DN, "CN=c"))),
                List.of(method(TestCa.rsa(), "CN=b", List.of(), CA)));
        List<IkeEvent.NegotiationFailed> failed = pair.a.events(IkeEvent.NegotiationFailed.class);
        assertEquals(1, failed.size(), "A events: " + pair.a.events);
        assertEquals(IkeEvent.FailureKind.AUTHENTICATION, failed.get(0).kind(), failed.get(0).reason());
    }
}
