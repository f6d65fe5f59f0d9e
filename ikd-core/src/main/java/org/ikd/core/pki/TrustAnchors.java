package org.ikd.core.pki;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ikd.core.crypto.Jca;

/**
 * The CAs we trust and the CRLs we check (RFC 5280 §6, §5). {@link #validate} takes the certificates
 * a peer sent (CERT payloads, any order) and returns its end-entity certificate once:
 * <ol>
 * <li>every certificate of the path is valid at {@code now} (the dates are in the message if not);
 * <li>PKIX builds a path from it to one of our anchors (intermediates may come from the peer);
 * <li>no certificate of the path is on a CRL of ours whose signature verifies under its issuer.
 * </ol>
 */
public record TrustAnchors(List<X509Certificate> anchors, List<X509CRL> crls) {
    public TrustAnchors {
        anchors = List.copyOf(anchors);
        crls = List.copyOf(crls);
        if (anchors.isEmpty()) throw new CertificateRejected("no trust anchor: name at least one CA certificate");
    }

    /** The DER subjects of our anchors: what our CR payloads name (RFC 2408 §3.10). */
    public List<byte[]> authorities() {
        return anchors.stream().map(a -> a.getSubjectX500Principal().getEncoded()).toList();
    }

    public X509Certificate validate(List<X509Certificate> presented, Instant now) {
        if (presented.isEmpty()) throw new CertificateRejected("the peer sent no certificate (CERT payload)");
        X509Certificate end = endEntity(presented);
        List<X509Certificate> path = new ArrayList<>(List.of(end));
        for (X509Certificate c : presented) if (c != end && !isAnchor(c)) path.add(c);
        for (X509Certificate c : path) checkDates(c, now, "certificate");
        for (X509Certificate a : anchors) checkDates(a, now, "CA certificate");
        try {
            PKIXParameters p = new PKIXParameters(anchorSet());
            p.setRevocationEnabled(false);                        // CRLs are checked below, with our messages
            p.setDate(Date.from(now));
            Jca.pkix().validate(Jca.x509Path(path), p);
        } catch (CertPathValidatorException e) {
            throw new CertificateRejected("certificate '" + Credential.subject(end) + "' (issuer '" + issuer(end)
                    + "') does not chain to a trusted CA " + names() + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new CertificateRejected("cannot validate '" + Credential.subject(end) + "': " + e.getMessage());
        }
        for (X509Certificate c : path) checkRevocation(c, path, now);
        return end;
    }

    private static X509Certificate endEntity(List<X509Certificate> presented) {
        for (X509Certificate c : presented) if (c.getBasicConstraints() < 0) return c;
        return presented.get(0);
    }

    private boolean isAnchor(X509Certificate c) {
        return anchors.contains(c);
    }

    private static void checkDates(X509Certificate c, Instant now, String what) {
        try {
            c.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw new CertificateRejected(what + " '" + Credential.subject(c) + "' expired on " + c.getNotAfter().toInstant()
                    + " (now " + now + ")");
        } catch (CertificateNotYetValidException e) {
            throw new CertificateRejected(what + " '" + Credential.subject(c) + "' is not valid before "
                    + c.getNotBefore().toInstant() + " (now " + now + ")");
        }
    }

    /** RFC 5280 §6.3 in short: a CRL of the certificate's issuer, signed by that issuer, lists it. */
    private void checkRevocation(X509Certificate c, List<X509Certificate> path, Instant now) {
        for (X509CRL crl : crls) {
            if (!crl.getIssuerX500Principal().equals(c.getIssuerX500Principal())) continue;
            PublicKey issuerKey = issuerKey(c, path);
            if (issuerKey == null || !signedBy(crl, issuerKey)) continue;
            X509CRLEntry entry = crl.getRevokedCertificate(c);
            if (entry != null && !entry.getRevocationDate().toInstant().isAfter(now))
                throw new CertificateRejected("certificate '" + Credential.subject(c) + "' (serial " + c.getSerialNumber()
                        .toString(16) + ") was revoked on " + entry.getRevocationDate().toInstant()
                        + (entry.getRevocationReason() == null ? "" : " (" + entry.getRevocationReason() + ")")
                        + " by the CRL of '" + issuer(c) + "'");
        }
    }

    private PublicKey issuerKey(X509Certificate c, List<X509Certificate> path) {
        for (X509Certificate a : anchors) if (a.getSubjectX500Principal().equals(c.getIssuerX500Principal())) return a.getPublicKey();
        for (X509Certificate i : path) if (i != c && i.getSubjectX500Principal().equals(c.getIssuerX500Principal())) return i.getPublicKey();
        return null;
    }

    private static boolean signedBy(X509CRL crl, PublicKey key) {
        try {
            crl.verify(key);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private Set<TrustAnchor> anchorSet() {
        Set<TrustAnchor> out = new HashSet<>();
        for (X509Certificate a : anchors) out.add(new TrustAnchor(a, null));
        return out;
    }

    private String names() {
        return anchors.stream().map(Credential::subject).map(s -> "'" + s + "'").toList().toString();
    }

    private static String issuer(X509Certificate c) {
        return c.getIssuerX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253);
    }
}
