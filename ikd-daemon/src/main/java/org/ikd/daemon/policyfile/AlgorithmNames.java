package org.ikd.daemon.policyfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.ikd.core.crypto.DhGroupId;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.crypto.Phase1Cipher;

/**
 * The algorithm names of the policy file, in strongSwan's spelling and built from the core
 * enums' keywords: {@code aes128-sha256-modp2048} for Main Mode, {@code aes128gcm16} or
 * {@code aes128-sha256} for ESP, {@code sha1} for AH. Matching ignores case.
 */
final class AlgorithmNames {
    /** A cipher with its key length (fixed-length ciphers carry their only length). */
    record Keyed<T>(T algorithm, int keyBits) {}

    private static final int[] AES_BITS = {128, 192, 256};

    private final Map<String, Keyed<Phase1Cipher>> mainModeCiphers = new LinkedHashMap<>();
    private final Map<String, HashAlgorithm> hashes = new LinkedHashMap<>();
    private final Map<String, DhGroupId> groups = new LinkedHashMap<>();
    private final Map<String, Keyed<EspCipher>> espCiphers = new LinkedHashMap<>();
    private final Map<String, IntegrityAlgorithm> integrity = new LinkedHashMap<>();

    AlgorithmNames() {
        for (Phase1Cipher c : Phase1Cipher.values()) {
            if (!c.variableKeyLength()) mainModeCiphers.put(c.keyword(), new Keyed<>(c, c.defaultKeyBits()));
            else for (int bits : AES_BITS) if (c.acceptsKeyBits(bits)) mainModeCiphers.put(c.keyword() + bits, new Keyed<>(c, bits));
        }
        for (HashAlgorithm h : HashAlgorithm.values()) hashes.put(h.keyword(), h);
        for (DhGroupId g : DhGroupId.values()) groups.put(g.keyword(), g);
        for (EspCipher c : EspCipher.values()) {
            if (!c.variableKeyLength()) espCiphers.put(c.keyword(c.defaultKeyBits()), new Keyed<>(c, c.defaultKeyBits()));
            else for (int bits : AES_BITS) if (c.acceptsKeyBits(bits)) espCiphers.put(c.keyword(bits), new Keyed<>(c, bits));
        }
        for (IntegrityAlgorithm a : IntegrityAlgorithm.values()) integrity.put(a.keyword(), a);
    }

    Optional<Keyed<Phase1Cipher>> mainModeCipher(String name) {
        return Optional.ofNullable(mainModeCiphers.get(lower(name)));
    }

    Optional<HashAlgorithm> hash(String name) {
        return Optional.ofNullable(hashes.get(lower(name)));
    }

    Optional<DhGroupId> group(String name) {
        return Optional.ofNullable(groups.get(lower(name)));
    }

    Optional<Keyed<EspCipher>> espCipher(String name) {
        return Optional.ofNullable(espCiphers.get(lower(name)));
    }

    Optional<IntegrityAlgorithm> integrity(String name) {
        return Optional.ofNullable(integrity.get(lower(name)));
    }

    List<String> mainModeCipherNames() {
        return new ArrayList<>(mainModeCiphers.keySet());
    }

    List<String> hashNames() {
        return new ArrayList<>(hashes.keySet());
    }

    List<String> groupNames() {
        return new ArrayList<>(groups.keySet());
    }

    List<String> espCipherNames() {
        return new ArrayList<>(espCiphers.keySet());
    }

    List<String> integrityNames() {
        return new ArrayList<>(integrity.keySet());
    }

    private static String lower(String s) {
        return s.trim().toLowerCase(Locale.ROOT);
    }
}
