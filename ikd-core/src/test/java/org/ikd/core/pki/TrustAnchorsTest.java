package org.ikd.core.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Path validation, dates and CRLs against certificates a BouncyCastle CA issues at test time. */
class TrustAnchorsTest {
    static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");
    static final Instant TO = Instant.parse("2027-01-01T00:00:00Z");
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final KeyPair CA_KEYS = TestCa.ec("secp256r1");
    static final TestCa CA = new TestCa("CN=Lab CA,O=ikd", CA_KEYS, FROM, TO);
    static final KeyPair HOST_KEYS = TestCa.ec("secp256r1");

    @Test
    void returnsTheEndEntityOfAPathToOurAnchor() {
        X509Certificate host = CA.issue("CN=gw,O=ikd", HOST_KEYS.getPublic(), FROM, TO);
        TrustAnchors trust = new TrustAnchors(List.of(CA.certificate()), List.of());
        assertEquals(host, trust.validate(List.of(CA.certificate(), host), NOW));
        assertEquals(host, trust.validate(List.of(host), NOW));
    }

    @Test
    void rejectsACertificateOfAnotherCa() {
        TestCa other = new TestCa("CN=Other CA", TestCa.ec("secp256r1"), FROM, TO);
        X509Certificate host = other.issue("CN=gw", HOST_KEYS.getPublic(), FROM, TO);
        CertificateRejected e = assertThrows(CertificateRejected.class,
                () -> new TrustAnchors(List.of(CA.certificate()), List.of()).validate(List.of(host), NOW));
        assertTrue(e.getMessage().contains("does not chain to a trusted CA") && e.getMessage().contains("CN=Other CA"), e.getMessage());
    }

    @Test
    void namesTheDatesOfAnExpiredCertificate() {
        X509Certificate host = CA.issue("CN=old", HOST_KEYS.getPublic(), FROM, Instant.parse("2026-01-31T12:00:00Z"));
        CertificateRejected e = assertThrows(CertificateRejected.class,
                () -> new TrustAnchors(List.of(CA.certificate()), List.of()).validate(List.of(host), NOW));
        assertEquals("certificate 'CN=old' expired on 2026-01-31T12:00:00Z (now 2026-06-01T00:00:00Z)", e.getMessage());
    }

    @Test
    void namesTheDateOfACertificateNotYetValid() {
        X509Certificate host = CA.issue("CN=new", HOST_KEYS.getPublic(), Instant.parse("2026-07-01T00:00:00Z"), TO);
        CertificateRejected e = assertThrows(CertificateRejected.class,
                () -> new TrustAnchors(List.of(CA.certificate()), List.of()).validate(List.of(host), NOW));
        assertEquals("certificate 'CN=new' is not valid before 2026-07-01T00:00:00Z (now 2026-06-01T00:00:00Z)", e.getMessage());
    }

    @Test
    void rejectsACertificateOnTheCrlOfItsIssuer() {
        X509Certificate host = CA.issue("CN=revoked", HOST_KEYS.getPublic(), FROM, TO);
        X509Certificate fine = CA.issue("CN=fine", HOST_KEYS.getPublic(), FROM, TO);
        TrustAnchors trust = new TrustAnchors(List.of(CA.certificate()), List.of(CA.crl(NOW.minusSeconds(86400), host)));
        CertificateRejected e = assertThrows(CertificateRejected.class, () -> trust.validate(List.of(host), NOW));
        assertTrue(e.getMessage().startsWith("certificate 'CN=revoked' (serial " + host.getSerialNumber().toString(16)
                + ") was revoked on "), e.getMessage());
        assertTrue(e.getMessage().contains("CN=Lab CA"), e.getMessage());
        assertEquals(fine, trust.validate(List.of(fine), NOW));
    }

    @Test
    void ignoresACrlThatItsIssuerDidNotSign() {
        X509Certificate host = CA.issue("CN=gw", HOST_KEYS.getPublic(), FROM, TO);
        TestCa impostor = new TestCa("CN=Lab CA,O=ikd", TestCa.ec("secp256r1"), FROM, TO);   // same name, other key
        TrustAnchors trust = new TrustAnchors(List.of(CA.certificate()), List.of(impostor.crl(NOW, host)));
        assertEquals(host, trust.validate(List.of(host), NOW));
    }

    @Test
    void rejectsAnEmptyCertificateList() {
        CertificateRejected e = assertThrows(CertificateRejected.class,
                () -> new TrustAnchors(List.of(CA.certificate()), List.of()).validate(List.of(), NOW));
        assertEquals("the peer sent no certificate (CERT payload)", e.getMessage());
    }

    @Test
    void namesTheDerSubjectsOfItsAnchorsForCertificateRequests() throws Exception {
        TrustAnchors trust = new TrustAnchors(List.of(CA.certificate()), List.of());
        // The DER of the name, as BouncyCastle encodes it independently
        assertEquals(List.of(org.ikd.core.crypto.Bytes.of(new org.bouncycastle.asn1.x500.X500Name("CN=Lab CA,O=ikd").toASN1Primitive().getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER))),
                trust.authorities().stream().map(org.ikd.core.crypto.Bytes::of).toList());
    }
}
