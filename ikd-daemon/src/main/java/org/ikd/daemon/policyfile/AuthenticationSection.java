package org.ikd.daemon.policyfile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ikd.core.crypto.Secret;
import org.ikd.core.policy.AuthenticationMethod;

/**
 * {@code authentication = [ ... ]}: Main Mode authentication methods in order (RFC 2409 §5.4
 * pre-shared key from a file, §5.1 signatures with certificates). Relative paths start at the
 * policy file's directory.
 */
final class AuthenticationSection {
    static final List<String> KEYS = List.of("psk-file", "certificate", "key", "ca", "crl");
    static final String FORMS = "{ psk-file = \"/etc/ikd/peer.psk\" } or "
            + "{ certificate = \"host.pem\", key = \"host.key\", ca = [\"ca.pem\"], crl = \"ca.crl\" }";

    private final Path base;
    private final Diagnostics log;
    private final List<Secret> read = new ArrayList<>();

    /** @param base the policy file's directory */
    AuthenticationSection(Path base, Diagnostics log) {
        this.base = base;
        this.log = log;
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
        if (psk && cert) {
            log.error(e.at(), "mixes psk-file with certificate keys", "one method per entry: " + FORMS);
            return Optional.empty();
        }
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
        return Optional.of(new AuthenticationMethod.Certificate(certificate, key, anchors, crl));
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
