package org.ikd.daemon.control;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Rule;

/**
 * {@code ikdctl show certs|cas|crls}: the certificates, CA certificates and CRLs that the policy in
 * force uses, as loaded (no private key, ever), each once with the rules that name it. Like
 * {@code swanctl --list-certs}: subject, issuer, serial, validity, SHA-256 fingerprint, file.
 */
public record Credentials(List<Certificate> certificates, List<Certificate> authorities, List<Crl> crls) {
    public Credentials {
        certificates = certificates == null ? List.of() : List.copyOf(certificates);
        authorities = authorities == null ? List.of() : List.copyOf(authorities);
        crls = crls == null ? List.of() : List.copyOf(crls);
    }

    /** One certificate; {@code daysLeft} negative once expired. */
    public record Certificate(String subject, String issuer, String serial, String notBefore, String notAfter,
                              long daysLeft, String sha256, String file, List<String> rules) {
        Certificate withRules(java.util.Collection<String> names) {
            return new Certificate(subject, issuer, serial, notBefore, notAfter, daysLeft, sha256, file, List.copyOf(names));
        }
    }

    /** One CRL; {@code nextUpdate} null when it names none. */
    public record Crl(String issuer, String thisUpdate, String nextUpdate, int revoked, String file, List<String> rules) {}

    public static Credentials from(Policy policy, Instant now) {
        Map<String, Builder<Certificate>> certs = new LinkedHashMap<>();
        Map<String, Builder<Certificate>> cas = new LinkedHashMap<>();
        Map<String, Builder<Crl>> crls = new LinkedHashMap<>();
        List<Rule> rules = new ArrayList<>(policy.rules());
        if (policy.defaultResponse() != null) rules.add(policy.defaultResponse());
        for (Rule r : rules)
            for (AuthenticationMethod m : r.authentication()) {
                if (!(m instanceof AuthenticationMethod.Certificate c)) continue;
                X509Certificate own = c.credential().certificate();
                certs.computeIfAbsent(fingerprint(own), k -> new Builder<>(cert(own, c.certificate(), now))).rules.add(r.name());
                List<X509Certificate> anchors = c.trust().anchors();
                for (int i = 0; i < anchors.size(); i++) {
                    X509Certificate a = anchors.get(i);
                    Path file = i < c.trustAnchors().size() ? c.trustAnchors().get(i) : null;
                    cas.computeIfAbsent(fingerprint(a), k -> new Builder<>(cert(a, file, now))).rules.add(r.name());
                }
                for (X509CRL crl : c.trust().crls()) {
                    String key = crl.getIssuerX500Principal().getName() + "/" + crl.getThisUpdate().getTime();
                    crls.computeIfAbsent(key, k -> new Builder<>(crl(crl, c.crl()))).rules.add(r.name());
                }
            }
        return new Credentials(certs.values().stream().map(b -> b.view.withRules(b.rules)).toList(),
                cas.values().stream().map(b -> b.view.withRules(b.rules)).toList(),
                crls.values().stream().map(b -> new Crl(b.view.issuer(), b.view.thisUpdate(), b.view.nextUpdate(),
                        b.view.revoked(), b.view.file(), List.copyOf(b.rules))).toList());
    }

    private static final class Builder<T> {
        final T view;
        final TreeSet<String> rules = new TreeSet<>();

        Builder(T view) {
            this.view = view;
        }
    }

    private static Certificate cert(X509Certificate c, Path file, Instant now) {
        return new Certificate(c.getSubjectX500Principal().getName(), c.getIssuerX500Principal().getName(),
                c.getSerialNumber().toString(16), c.getNotBefore().toInstant().toString(), c.getNotAfter().toInstant().toString(),
                Duration.between(now, c.getNotAfter().toInstant()).toDays(), fingerprint(c), file == null ? null : file.toString(),
                List.of());
    }

    private static Crl crl(X509CRL crl, Path file) {
        return new Crl(crl.getIssuerX500Principal().getName(), crl.getThisUpdate().toInstant().toString(),
                crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant().toString(),
                crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size(),
                file == null ? null : file.toString(), List.of());
    }

    /** SHA-256 of the DER encoding, colon-separated hex, as openssl x509 -fingerprint -sha256 prints it. */
    static String fingerprint(X509Certificate c) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(c.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint " + c.getSubjectX500Principal(), e);
        }
    }
}
