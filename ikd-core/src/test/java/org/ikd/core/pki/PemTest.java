package org.ikd.core.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;

/** PEM and DER from BouncyCastle's writers, read back by {@link Pem}. */
class PemTest {
    static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");
    static final Instant TO = Instant.parse("2027-01-01T00:00:00Z");
    static final TestCa CA = new TestCa("CN=Lab CA", TestCa.rsa(), FROM, TO);

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void readsEveryCertificateOfAPemBundleInOrder() throws Exception {
        KeyPair k = TestCa.ec("secp384r1");
        X509Certificate host = CA.issue("CN=gw", k.getPublic(), FROM, TO);
        String bundle = "host\n" + TestCa.pem(host) + "ca\n" + TestCa.pem(CA.certificate());
        assertEquals(List.of(host, CA.certificate()), Pem.certificates(ascii(bundle), "bundle.pem"));
        assertEquals(List.of(host), Pem.certificates(host.getEncoded(), "host.der"));
    }

    @Test
    void readsPkcs8AndTraditionalPrivateKeys() throws Exception {
        KeyPair ec = TestCa.ec("secp256r1");
        assertArrayEquals(ec.getPrivate().getEncoded(), Pem.privateKey(ascii(TestCa.pem(ec.getPrivate())), "k").getEncoded());
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(CA.keys().getPrivate());               // BEGIN RSA PRIVATE KEY
        }
        assertTrue(w.toString().contains("BEGIN RSA PRIVATE KEY"));
        assertEquals(CA.keys().getPrivate(), Pem.privateKey(ascii(w.toString()), "rsa.key"));
        assertEquals(ec.getPrivate(), Pem.privateKey(ec.getPrivate().getEncoded(), "ec.der"));
    }

    @Test
    void readsACrl() throws Exception {
        X509Certificate host = CA.issue("CN=gw", TestCa.rsa().getPublic(), FROM, TO);
        X509CRL crl = CA.crl(FROM.plusSeconds(86400), host);
        assertEquals(crl, Pem.crl(ascii(TestCa.pem(crl)), "ca.crl"));
        assertTrue(Pem.crl(crl.getEncoded(), "ca.der.crl").isRevoked(host));
    }

    @Test
    void rejectsTextWithoutACertificateAndNeverEchoesKeyBytes() {
        CertificateRejected e = assertThrows(CertificateRejected.class, () -> Pem.certificates(ascii("hello"), "x.pem"));
        assertTrue(e.getMessage().startsWith("x.pem: not an X.509 certificate"), e.getMessage());
        CertificateRejected k = assertThrows(CertificateRejected.class,
                () -> Pem.privateKey(ascii("-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----\n"), "k.pem"));
        assertFalse(k.getMessage().contains("c2VjcmV0"), k.getMessage());
        assertThrows(CertificateRejected.class, () -> Pem.crl(ascii(TestCa.pem(CA.certificate())), "not-a-crl.pem"));
    }
}
