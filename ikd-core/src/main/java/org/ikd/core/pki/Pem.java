package org.ikd.core.pki;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Certificates, private keys and CRLs from the bytes of a file: PEM (RFC 7468; several blocks
 * allowed, other text ignored) or one DER object. Private keys: PKCS#8 or the traditional RSA/EC
 * forms, unencrypted. {@code source} names the file in messages.
 */
public final class Pem {
    private Pem() {}

    /** Every certificate in {@code bytes}, in order; at least one. */
    public static List<X509Certificate> certificates(byte[] bytes, String source) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            for (Object o : objects(bytes))
                if (o instanceof X509CertificateHolder h) out.add(new JcaX509CertificateConverter().getCertificate(h));
            if (!isPem(bytes)) out.add(new JcaX509CertificateConverter().getCertificate(new X509CertificateHolder(bytes)));
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new CertificateRejected(source + ": not an X.509 certificate (" + e.getMessage() + ")");
        }
        if (out.isEmpty())
            throw new CertificateRejected(source + ": found no certificate, expected a PEM block BEGIN CERTIFICATE or DER");
        return out;
    }

    /** The one private key in {@code bytes}; the message never shows key material. */
    public static PrivateKey privateKey(byte[] bytes, String source) {
        try {
            PrivateKeyInfo info = null;
            if (!isPem(bytes)) info = PrivateKeyInfo.getInstance(bytes);
            else for (Object o : objects(bytes)) {
                if (o instanceof PrivateKeyInfo p) info = p;
                else if (o instanceof PEMKeyPair kp) info = kp.getPrivateKeyInfo();
                else if (o != null && info == null && o.getClass().getSimpleName().contains("Encrypted"))
                    throw new CertificateRejected(source + ": the private key is encrypted; expected an unencrypted key (mode 0600)");
            }
            if (info == null)
                throw new CertificateRejected(source + ": found no private key, expected BEGIN PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY");
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException | IllegalArgumentException e) {
            throw new CertificateRejected(source + ": not a private key (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The CRL in {@code bytes} (RFC 5280 §5). */
    public static X509CRL crl(byte[] bytes, String source) {
        try {
            if (!isPem(bytes)) return new JcaX509CRLConverter().getCRL(new X509CRLHolder(bytes));
            for (Object o : objects(bytes))
                if (o instanceof X509CRLHolder h) return new JcaX509CRLConverter().getCRL(h);
        } catch (IOException | CRLException | RuntimeException e) {
            throw new CertificateRejected(source + ": not an X.509 CRL (" + e.getMessage() + ")");
        }
        throw new CertificateRejected(source + ": found no CRL, expected a PEM block BEGIN X509 CRL or DER");
    }

    private static boolean isPem(byte[] bytes) {
        return new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.US_ASCII).contains("-----BEGIN ");
    }

    private static List<Object> objects(byte[] bytes) throws IOException {
        List<Object> out = new ArrayList<>();
        if (!isPem(bytes)) return out;
        try (PEMParser p = new PEMParser(new StringReader(new String(bytes, StandardCharsets.US_ASCII)))) {
            for (int i = 0; i < 64; i++) {                        // bounded: a file holds a few blocks
                Object o = p.readObject();
                if (o == null) break;
                out.add(o);
            }
        }
        return out;
    }
}
