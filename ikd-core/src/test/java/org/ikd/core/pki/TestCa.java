package org.ikd.core.pki;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made at test time with BouncyCastle (the independent side): self-signed CA
 * certificate, end-entity certificates with subjectAltNames, CRLs, and PEM text of all of them.
 */
public final class TestCa {
    private final X500Name name;
    private final KeyPair keys;
    private final X509Certificate certificate;
    private final AtomicLong serial = new AtomicLong(100);

    public TestCa(String dn, KeyPair keys, Instant from, Instant to) {
        this.name = new X500Name(dn);
        this.keys = keys;
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(from), Date.from(to), name, keys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            this.certificate = new JcaX509CertificateConverter().getCertificate(b.build(signer()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair rsa() {
        return generate("RSA", null);
    }

    /** {@code curve}: secp256r1, secp384r1, secp521r1. */
    public static KeyPair ec(String curve) {
        return generate("EC", curve);
    }

    private static KeyPair generate(String algorithm, String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (curve != null) g.initialize(new ECGenParameterSpec(curve));
            else g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public KeyPair keys() {
        return keys;
    }

    /** An end-entity certificate for {@code dn} with the given subjectAltNames. */
    public X509Certificate issue(String dn, PublicKey key, Instant from, Instant to, GeneralName... altNames) {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(serial.incrementAndGet()),
                    Date.from(from), Date.from(to), new X500Name(dn), key);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            if (altNames.length > 0) b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(altNames));
            return new JcaX509CertificateConverter().getCertificate(b.build(signer()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CRL issued at {@code thisUpdate}, valid a year, revoking {@code revoked} (key compromise) an hour before it. */
    public X509CRL crl(Instant thisUpdate, X509Certificate... revoked) {
        try {
            X509v2CRLBuilder b = new X509v2CRLBuilder(name, Date.from(thisUpdate));
            b.setNextUpdate(Date.from(thisUpdate.plusSeconds(365L * 86400)));
            for (X509Certificate c : revoked)
                b.addCRLEntry(c.getSerialNumber(), Date.from(thisUpdate.minusSeconds(3600)), CRLReason.keyCompromise);
            return new JcaX509CRLConverter().getCRL(b.build(signer()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ContentSigner signer() throws Exception {
        String alg = keys.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaContentSignerBuilder(alg).build(keys.getPrivate());
    }

    /** PEM text of a certificate, CRL or private key (PKCS#8 for keys). */
    public static String pem(Object o) {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o instanceof java.security.PrivateKey k ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k, null) : o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    public static GeneralName dns(String name) {
        return new GeneralName(GeneralName.dNSName, name);
    }

    public static GeneralName email(String name) {
        return new GeneralName(GeneralName.rfc822Name, name);
    }

    public static GeneralName ip(String address) {
        return new GeneralName(GeneralName.iPAddress, address);
    }
}
