package org.ikd.daemon.policyfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import org.ikd.core.ike.auth.SignatureScheme;
import org.ikd.core.pki.CertificateRejected;
import org.ikd.core.pki.Credential;
import org.ikd.core.pki.Pem;
import org.ikd.core.pki.TrustAnchors;
import org.ikd.core.crypto.Secret;
import org.ikd.core.policy.AuthenticationMethod;

/**
 * {@code authentication = [ ... ]}: Main Mode authentication methods in order (RFC 2409 §5.4
 * pre-shared key from a file, §5.1 signatures with certificates, Kerberos: {@link KerberosSection}). Relative paths start at the
 * policy file's directory. Certificate files are read and parsed here (PEM or DER), so the engine
 * gets objects and a broken file is an error at its line.
 */
final class AuthenticationSection {
    static final List<String> KEYS = List.of("psk-file", "certificate", "key", "ca", "crl", "kerberos");
    static final String FORMS = "{ psk-file = \"/etc/ikd/peer.psk\" }, "
            + "{ certificate = \"host.pem\", key = \"host.key\", ca = [\"ca.pem\"], crl = \"ca.crl\" } or " + KerberosSection.FORM;

    static final int MAX_PKI_FILE_BYTES = 1 << 20;

    private final Path base;
    private final Diagnostics log;
    private final List<Secret> read = new ArrayList<>();
    private final KerberosSection kerberosSection;

    /**
     * @param base         the policy file's directory
     * @param fetchTickets false: Kerberos methods read their keytabs but ask no KDC ({@code ikd check})
     */
    AuthenticationSection(Path base, Diagnostics log, boolean fetchTickets) {
        this.base = base;
        this.log = log;
        this.kerberosSection = new KerberosSection(base, fetchTickets);
    }

    /** The policy file's directory: relative key and users files start there. */
    Path base() {
        return base;
    }

    /** The methods at {@code key} of {@code owner}, in order; broken entries are reported and left out. */
    List<AuthenticationMethod> parse(TomlSection owner, String key) {
        List<AuthenticationMethod> out = new ArrayList<>();
        for (TomlSection entry : owner.tables(key)) method(entry).ifPresent(out::add);
        return out;
    }

    private Optional<AuthenticationMethod> method(TomlSection e) {
        if (e.has("psk")) {
            // The value is never echoed: it is a key.
            log.error(e.at("psk"), "a pre-shared key is never written in the policy file",
                    "psk-file = \"/etc/ikd/peer.psk\", a file with mode 0600 that holds the key");
            return Optional.empty();
        }
        e.allowOnly(KEYS);
        boolean psk = e.has("psk-file");
        boolean cert = e.has("certificate") || e.has("key") || e.has("ca") || e.has("crl");
        boolean kerberos = e.has("kerberos");
        if ((psk ? 1 : 0) + (cert ? 1 : 0) + (kerberos ? 1 : 0) > 1) {
            log.error(e.at(), "mixes " + (psk ? "psk-file with " + (cert ? "certificate keys" : "kerberos") : "certificate keys with kerberos"),
                    "one method per entry: " + FORMS);
            return Optional.empty();
        }
        if (kerberos) return e.table("kerberos").flatMap(kerberosSection::parse);
        if (psk) return preSharedKey(e);
        if (cert) return certificate(e);
        if (e.keys().isEmpty()) log.error(e.at(), "empty authentication method", FORMS);
        return Optional.empty();
    }

    private Optional<AuthenticationMethod> preSharedKey(TomlSection e) {
        // An admin may paste the key itself here: do not echo a value that does not look like a path.
        if (!(e.raw("psk-file") instanceof String written)) {
            log.error(e.at("psk-file"), "psk-file is not a string (value not shown: it may be a key)", "psk-file = \"/etc/ikd/peer.psk\"");
            return Optional.empty();
        }
        Path file = resolve(written);
        if (!Files.exists(file) && written.indexOf('/') < 0 && written.indexOf('.') < 0) {
            log.error(e.at("psk-file"), "psk-file names no existing file (value not shown: it may be the key itself)",
                    "the path of a file holding the key, e.g. psk-file = \"/etc/ikd/peer.psk\"");
            return Optional.empty();
        }
        Optional<Secret> key = KeyFile.readPreSharedKey(file, e.at("psk-file"), log);
        key.ifPresent(read::add);
        return key.map(k -> new AuthenticationMethod.PreSharedKey(k, file.toString()));
    }

    /** Zeroes every key read so far: the parse failed and nobody will use them. */
    void destroyKeys() {
        read.forEach(Secret::destroy);
        read.clear();
    }

    private Optional<AuthenticationMethod> certificate(TomlSection e) {
        int before = log.errorCount();
        Path certificate = file(e, "certificate", "certificate", false);
        Path key = file(e, "key", "private key", true);
        List<Path> anchors = new ArrayList<>();
        List<TomlSection.Item> cas = e.strings("ca", true);
        if (!e.has("ca") || e.raw("ca") instanceof org.tomlj.TomlArray a && a.isEmpty())
            log.error(e.has("ca") ? e.at("ca") : e.at(), "no CA certificate", "ca = [\"/etc/ikd/ca.pem\"]: the CAs to trust");
        for (TomlSection.Item ca : cas) {
            Path p = resolve(ca.value());
            if (KeyFile.checkExists(p, "CA certificate", ca.at(), log)) anchors.add(p);
        }
        Path crl = e.has("crl") ? file(e, "crl", "CRL", false) : null;
        if (log.errorCount() > before) return Optional.empty();
        return load(e, certificate, key, anchors, crl);
    }

    /** Reads and parses the files (PEM or DER); each unreadable or malformed one is reported at its key. */
    private Optional<AuthenticationMethod> load(TomlSection e, Path certificate, Path key, List<Path> anchors, Path crl) {
        try {
            X509Certificate cert = Pem.certificates(bytes(certificate), certificate.toString()).get(0);
            byte[] keyBytes = bytes(key);
            PrivateKey privateKey;
            try {
                privateKey = Pem.privateKey(keyBytes, key.toString());
            } finally {
                java.util.Arrays.fill(keyBytes, (byte) 0);
            }
            List<X509Certificate> cas = new ArrayList<>();
            for (Path p : anchors) cas.addAll(Pem.certificates(bytes(p), p.toString()));
            List<X509CRL> crls = crl == null ? List.of() : List.of(Pem.crl(bytes(crl), crl.toString()));
            Credential credential = new Credential(cert, privateKey);
            if (SignatureScheme.forKey(privateKey).isEmpty()) {
                log.error(e.at("key"), "private key " + key + " is " + privateKey.getAlgorithm() + " of a size ikd cannot sign with",
                        "an RSA key or an ECDSA key on P-256, P-384 or P-521 (RFC 4754)");
                return Optional.empty();
            }
            return Optional.of(new AuthenticationMethod.Certificate(certificate, key, anchors, crl, credential,
                    new TrustAnchors(cas, crls)));
        } catch (CertificateRejected x) {
            log.error(e.at(), x.getMessage(), "PEM or DER files: an X.509 certificate, its unencrypted private key, CA certificates, a CRL");
            return Optional.empty();
        } catch (IOException x) {
            log.error(e.at(), "cannot read " + x.getMessage(), "files the ikd user can read");
            return Optional.empty();
        }
    }

    private static byte[] bytes(Path p) throws IOException {
        if (Files.size(p) > MAX_PKI_FILE_BYTES) throw new IOException(p + ": larger than " + MAX_PKI_FILE_BYTES + " bytes");
        return Files.readAllBytes(p);
    }

    private Path file(TomlSection e, String keyName, String what, boolean secret) {
        Optional<TomlSection.Item> item = e.requiredString(keyName, keyName + " = \"/etc/ikd/...\"");
        if (item.isEmpty()) return null;
        Path p = resolve(item.get().value());
        boolean ok = secret ? KeyFile.checkPrivate(p, what, item.get().at(), log)
                : KeyFile.checkExists(p, what, item.get().at(), log);
        return ok ? p : null;
    }

    private Path resolve(String path) {
        return base.resolve(path).normalize();
    }
}
