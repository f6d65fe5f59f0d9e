package org.ikd.core.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;

/**
 * Our end of signature authentication: the certificate we send (RFC 2408 §3.9) and the private key
 * that signs HASH_I/HASH_R. {@code toString} names the subject only, never the key.
 */
public record Credential(X509Certificate certificate, PrivateKey privateKey) {
    public Credential {
        if (!certificate.getPublicKey().getAlgorithm().equals(privateKey.getAlgorithm()))
            throw new CertificateRejected("the private key is " + privateKey.getAlgorithm() + " but the certificate of '"
                    + subject(certificate) + "' holds a " + certificate.getPublicKey().getAlgorithm() + " key");
    }

    /** The DER subject, as the ID payload DER_ASN1_DN carries it (RFC 2407 §4.6.2.1). */
    public byte[] subjectDer() {
        return certificate.getSubjectX500Principal().getEncoded();
    }

    public byte[] encoded() {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new CertificateRejected("cannot encode our certificate: " + e.getMessage());
        }
    }

    static String subject(X509Certificate c) {
        return c.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credential c && c.certificate.equals(certificate)
                && Arrays.equals(c.privateKey.getEncoded(), privateKey.getEncoded());
    }

    @Override
    public int hashCode() {
        return certificate.hashCode();
    }

    @Override
    public String toString() {
        return "Credential[" + subject(certificate) + ", " + privateKey.getAlgorithm() + " key]";
    }
}
