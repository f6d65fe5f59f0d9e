package org.ikd.daemon.policyfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ikd.core.crypto.DhGroupId;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.Phase1Cipher;
import org.ikd.core.policy.MainModeMethod;
import org.ikd.core.policy.MainModeSettings;

/**
 * {@code [main-mode]}: Windows' key exchange settings. Methods are {@code cipher-hash-group}
 * (RFC 2409 §5 attributes: encryption, hash, group description) in order of preference.
 */
final class MainModeSection {
    static final List<String> KEYS = List.of("methods", "lifetime", "master-key-pfs", "quick-mode-limit");
    /** Used when [main-mode] names no methods: AES with SHA-2 and the 2048-bit MODP group (RFC 3526 §3). */
    static final List<String> DEFAULT_METHODS = List.of("aes256-sha256-modp2048", "aes128-sha256-modp2048", "aes128-sha1-modp2048");

    private final AlgorithmNames names;
    private final Diagnostics log;

    MainModeSection(AlgorithmNames names, Diagnostics log) {
        this.names = names;
        this.log = log;
    }

    /** The settings, or null when an error was reported. */
    MainModeSettings parse(Optional<TomlSection> section) {
        if (section.isEmpty()) return new MainModeSettings(defaults(), MainModeSettings.DEFAULT_LIFETIME_SECONDS, false, 0);
        TomlSection s = section.get();
        int before = log.errorCount();
        s.allowOnly(KEYS);
        List<MainModeMethod> methods = s.has("methods") ? methods(s) : defaults();
        long lifetime = s.seconds("lifetime", MainModeSettings.DEFAULT_LIFETIME_SECONDS, 10);
        boolean masterKeyPfs = s.bool("master-key-pfs", false);
        int limit = (int) s.integer("quick-mode-limit", 0, 0, Integer.MAX_VALUE);
        if (masterKeyPfs && limit > 1)
            log.error(s.at("quick-mode-limit"), "quick-mode-limit = " + limit + " contradicts master-key-pfs = true, "
                    + "which keys one Quick Mode per Main Mode", "quick-mode-limit = 1, 0 or absent with master-key-pfs");
        if (log.errorCount() > before) return null;
        return new MainModeSettings(methods, lifetime, masterKeyPfs, masterKeyPfs ? 1 : limit);
    }

    private List<MainModeMethod> methods(TomlSection s) {
        List<MainModeMethod> out = new ArrayList<>();
        List<TomlSection.Item> items = s.strings("methods", false);
        if (items.isEmpty() && s.raw("methods") instanceof org.tomlj.TomlArray a && a.isEmpty())
            s.log().error(s.at("methods"), "no Main Mode method", "at least one, e.g. [\"aes128-sha256-modp2048\"]");
        for (TomlSection.Item item : items) {
            method(item).ifPresent(m -> {
                if (out.contains(m)) log.error(item.at(), "'" + item.value() + "' is listed twice", "each method once");
                else out.add(m);
            });
        }
        return out;
    }

    /** Parses {@code aes128-sha256-modp2048}; reports each unknown part. */
    Optional<MainModeMethod> method(TomlSection.Item item) {
        String[] parts = item.value().split("-", -1);
        if (parts.length != 3) {
            log.error(item.at(), "'" + item.value() + "' is not cipher-hash-group",
                    "e.g. aes128-sha256-modp2048 or 3des-sha1-modp1024");
            return Optional.empty();
        }
        Optional<AlgorithmNames.Keyed<Phase1Cipher>> cipher = names.mainModeCipher(parts[0]);
        Optional<HashAlgorithm> hash = names.hash(parts[1]);
        Optional<DhGroupId> group = names.group(parts[2]);
        if (cipher.isEmpty()) log.unknown(item.at(), "Main Mode cipher", parts[0], names.mainModeCipherNames());
        if (hash.isEmpty()) log.unknown(item.at(), "Main Mode hash", parts[1], names.hashNames());
        if (group.isEmpty()) log.unknown(item.at(), "DH group", parts[2], names.groupNames());
        if (cipher.isEmpty() || hash.isEmpty() || group.isEmpty()) return Optional.empty();
        MainModeMethod m = new MainModeMethod(cipher.get().algorithm(), cipher.get().keyBits(), hash.get(), group.get());
        if (m.cipher() == Phase1Cipher.DES_CBC || m.group() == DhGroupId.MODP_768)
            log.warn(item.at(), m + " is weak (56-bit DES or the 768-bit group): use it only for an old peer");
        return Optional.of(m);
    }

    private List<MainModeMethod> defaults() {
        List<MainModeMethod> out = new ArrayList<>();
        for (String d : DEFAULT_METHODS) method(new TomlSection.Item(d, Location.FILE)).ifPresent(out::add);
        return out;
    }
}
