package org.ikd.daemon.policyfile;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A CA, a host certificate and key and a CRL made with BouncyCastle at test time, as PEM text. */
final class PkiFiles {
    static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");
    static final Instant TO = Instant.parse("2035-01-01T00:00:00Z");

    final KeyPair caKeys = ec();
    final KeyPair hostKeys = ec();
    final X509Certificate ca = certificate("CN=Lab CA", caKeys, "CN=Lab CA", caKeys, true, 1);
    /** subjectAltName dNSName a.example.net: full.toml's local-id of rule to-b names it. */
    final X509Certificate host = certificate("CN=host", hostKeys, "CN=Lab CA", caKeys, false, 2);
    final X509CRL crl = crl();

    static KeyPair ec() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate(String dn, KeyPair subject, String issuer, KeyPair issuerKeys, boolean isCa, long serial) {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(serial),
                    Date.from(FROM), Date.from(TO), new X500Name(dn), subject.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            if (!isCa) b.addExtension(Extension.subjectAlternativeName, false,
                    new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName(
                            org.bouncycastle.asn1.x509.GeneralName.dNSName, "a.example.net")));
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private X509CRL crl() {
        try {
            X509v2CRLBuilder b = new X509v2CRLBuilder(new X500Name("CN=Lab CA"), Date.from(FROM));
            b.addCRLEntry(BigInteger.valueOf(7), Date.from(FROM), CRLReason.keyCompromise);
            return new JcaX509CRLConverter().getCRL(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(Object o) {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o instanceof java.security.PrivateKey k ? new JcaPKCS8Generator(k, null) : o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    /** Writes host.pem, host.key (0400), ca.pem and ca.crl through {@code files}. */
    void writeTo(PolicyFiles files) {
        files.psk("host.pem", pem(host), "rw-r--r--");
        files.psk("ca.pem", pem(ca), "rw-r--r--");
        files.psk("ca.crl", pem(crl), "rw-r--r--");
        files.psk("host.key", pem(hostKeys.getPrivate()), "r--------");
    }
}
