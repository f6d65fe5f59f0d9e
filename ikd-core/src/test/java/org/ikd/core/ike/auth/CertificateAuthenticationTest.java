package org.ikd.core.ike.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.CertEncoding;
import org.ikd.core.isakmp.doi.IdType;
import org.ikd.core.isakmp.payload.CertificatePayload;
import org.ikd.core.isakmp.payload.CertificateRequestPayload;
import org.ikd.core.isakmp.payload.IdentificationPayload;
import org.ikd.core.isakmp.payload.SignaturePayload;
import org.ikd.core.pki.Credential;
import org.ikd.core.pki.TestCa;
import org.ikd.core.pki.TrustAnchors;
import org.ikd.core.policy.AuthenticationMethod;
import org.junit.jupiter.api.Test;

/** ID against certificate (RFC 4945 §3.1) and the whole check of a peer's CERT, ID and SIG. */
class CertificateAuthenticationTest {
    static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");
    static final Instant TO = Instant.parse("2027-01-01T00:00:00Z");
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final TestCa CA = new TestCa("CN=Lab CA,O=ikd", TestCa.rsa(), FROM, TO);
    static final KeyPair PEER = TestCa.rsa();
    static final X509Certificate PEER_CERT = CA.issue("O=ikd,CN=gw.example", PEER.getPublic(), FROM, TO,
            TestCa.dns("gw.example"), TestCa.email("admin@gw.example"), TestCa.ip("198.18.0.2"));
    static final Bytes HASH = Bytes.fromHex("00112233445566778899aabbccddeeff00112233");

    static IdentificationPayload id(IdType t, String text) {
        return IdentificationPayload.of(t, Bytes.of(text.getBytes(StandardCharsets.US_ASCII)));
    }

    static IdentificationPayload dn(X509Certificate c) {
        return IdentificationPayload.of(IdType.DER_ASN1_DN, Bytes.of(c.getSubjectX500Principal().getEncoded()));
    }

    static CertificateAuthentication ours() {
        KeyPair mine = TestCa.rsa();
        X509Certificate cert = CA.issue("CN=ikd,O=ikd", mine.getPublic(), FROM, TO);
        return new CertificateAuthentication(AuthenticationMethod.Certificate.of(new Credential(cert, mine.getPrivate()),
                new TrustAnchors(List.of(CA.certificate()), List.of())));
    }

    static List<CertificatePayload> cert(X509Certificate c) throws Exception {
        return List.of(new CertificatePayload(CertEncoding.X509_SIGNATURE, Bytes.of(c.getEncoded())));
    }

    @Test
    void matchesEachIdTypeAgainstTheSubjectOrASubjectAltName() throws Exception {
        assertEquals(Optional.empty(), CertificateIdentity.mismatch(dn(PEER_CERT), PEER_CERT));
        assertEquals(Optional.empty(), CertificateIdentity.mismatch(id(IdType.FQDN, "GW.example"), PEER_CERT));
        assertEquals(Optional.empty(), CertificateIdentity.mismatch(id(IdType.USER_FQDN, "admin@gw.example"), PEER_CERT));
        assertEquals(Optional.empty(), CertificateIdentity.mismatch(IdentificationPayload.of(IdType.IPV4_ADDR,
                Bytes.of(InetAddress.getByName("198.18.0.2").getAddress())), PEER_CERT));
    }

    @Test
    void namesTheMismatchOfAnIdNotInTheCertificate() throws Exception {
        assertEquals("ID fqdn other.example is not a subjectAltName of the peer's certificate ('CN=gw.example,O=ikd' has [gw.example])",
                CertificateIdentity.mismatch(id(IdType.FQDN, "other.example"), PEER_CERT).orElseThrow());
        assertEquals("ID 198.18.0.9 is not a subjectAltName of the peer's certificate ('CN=gw.example,O=ikd' has [198.18.0.2])",
                CertificateIdentity.mismatch(IdentificationPayload.of(IdType.IPV4_ADDR,
                        Bytes.of(InetAddress.getByName("198.18.0.9").getAddress())), PEER_CERT).orElseThrow());
        X509Certificate other = CA.issue("O=ikd,CN=other", PEER.getPublic(), FROM, TO);
        assertEquals("ID dn CN=other,O=ikd is not the subject of the peer's certificate ('CN=gw.example,O=ikd')",
                CertificateIdentity.mismatch(dn(other), PEER_CERT).orElseThrow());
        assertTrue(CertificateIdentity.mismatch(id(IdType.KEY_ID, "k"), PEER_CERT).orElseThrow().contains("cannot be bound"));
    }

    @Test
    void acceptsAPeerWhoseCertificateIdAndSignatureAgree() throws Exception {
        SignaturePayload sig = new SignaturePayload(SignatureScheme.RSA.sign(PEER.getPrivate(), HASH));
        assertEquals("fqdn gw.example", ours().verify(id(IdType.FQDN, "gw.example"), cert(PEER_CERT), sig, HASH, NOW));
        assertEquals("dn CN=gw.example,O=ikd", ours().verify(dn(PEER_CERT), cert(PEER_CERT), sig, HASH, NOW));
    }

    @Test
    void rejectsAValidCertificateWithAnIdItDoesNotName() throws Exception {
        SignaturePayload sig = new SignaturePayload(SignatureScheme.RSA.sign(PEER.getPrivate(), HASH));
        AuthenticationRejected e = assertThrows(AuthenticationRejected.class,
                () -> ours().verify(id(IdType.FQDN, "evil.example"), cert(PEER_CERT), sig, HASH, NOW));
        assertTrue(e.getMessage().startsWith("peer fqdn evil.example: ID fqdn evil.example is not a subjectAltName"), e.getMessage());
    }

    @Test
    void rejectsASignatureOverAnotherHash() throws Exception {
        SignaturePayload sig = new SignaturePayload(SignatureScheme.RSA.sign(PEER.getPrivate(), Bytes.fromHex("ff")));
        AuthenticationRejected e = assertThrows(AuthenticationRejected.class,
                () -> ours().verify(dn(PEER_CERT), cert(PEER_CERT), sig, HASH, NOW));
        assertTrue(e.getMessage().contains("rsa-sig signature does not verify"), e.getMessage());
    }

    @Test
    void rejectsAPeerThatSentNoCertificate() {
        SignaturePayload sig = new SignaturePayload(SignatureScheme.RSA.sign(PEER.getPrivate(), HASH));
        AuthenticationRejected e = assertThrows(AuthenticationRejected.class, () -> ours().verify(dn(PEER_CERT), List.of(), sig, HASH, NOW));
        assertEquals("peer dn CN=gw.example,O=ikd: the peer sent no certificate (CERT payload)", e.getMessage());
    }

    @Test
    void requestsCertificatesOfOurCaAndSendsOursOnlyWhenAsked() throws Exception {
        CertificateAuthentication a = ours();
        assertEquals(List.of(new CertificateRequestPayload(CertEncoding.X509_SIGNATURE, Bytes.of(CA.certificate().getSubjectX500Principal().getEncoded()))),
                a.requests());
        assertTrue(a.certificateFor(List.of()).isEmpty());
        assertEquals(CertEncoding.X509_SIGNATURE, a.certificateFor(List.of(new CertificateRequestPayload(CertEncoding.X509_SIGNATURE, Bytes.EMPTY)))
                .orElseThrow().encoding());
        assertEquals(IdType.DER_ASN1_DN, a.identity().idType());
    }
}
