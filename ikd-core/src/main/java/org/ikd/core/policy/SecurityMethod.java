package org.ikd.core.policy;

import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.IntegrityAlgorithm;

/**
 * One offer of a "negotiate" filter action (Windows "security method"): ESP, AH, or AH+ESP with
 * their algorithms and the SA lifetime in seconds and kilobytes (0 = no limit on that axis).
 *
 * @param espCipher   null when ESP is not used
 * @param espKeyBits  key length for variable-length ciphers (AES), else the cipher's default
 * @param espIntegrity null for AES-GCM, or for ESP without integrity (refused: see the constructor)
 * @param ahIntegrity null when AH is not used
 */
public record SecurityMethod(EspCipher espCipher, int espKeyBits, IntegrityAlgorithm espIntegrity,
                             IntegrityAlgorithm ahIntegrity, long lifetimeSeconds, long lifetimeKilobytes) {
    /** Windows' default: 60 minutes and 100,000 KB (100 MB). */
    public static final long DEFAULT_SECONDS = 3600;
    public static final long DEFAULT_KILOBYTES = 100_000;

    public SecurityMethod {
        if (espCipher == null && ahIntegrity == null)
            throw new IllegalArgumentException("a security method needs ESP, AH or both");
        if (espCipher != null && espCipher.isAead() && espIntegrity != null)
            throw new IllegalArgumentException(espCipher.keyword() + " is a combined mode: drop the ESP integrity algorithm");
        if (espCipher != null && !espCipher.isAead() && espIntegrity == null && ahIntegrity == null)
            throw new IllegalArgumentException("ESP " + espCipher.keyword() + " without integrity is unauthenticated: add an integrity algorithm or AH");
        if (espCipher != null && !espCipher.acceptsKeyBits(espKeyBits))
            throw new IllegalArgumentException("ESP " + espCipher.keyword() + " does not take a " + espKeyBits + "-bit key");
        if (lifetimeSeconds < 0 || lifetimeKilobytes < 0)
            throw new IllegalArgumentException("negative lifetime");
    }

    public boolean usesEsp() { return espCipher != null; }
    public boolean usesAh() { return ahIntegrity != null; }

    /** strongSwan-style name, e.g. {@code esp:aes128gcm16}, {@code ah:sha1+esp:3des-sha1}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (usesAh()) b.append("ah:").append(ahIntegrity.keyword());
        if (usesAh() && usesEsp()) b.append('+');
        if (usesEsp()) {
            b.append("esp:").append(espCipher.keyword(espKeyBits));
            if (espIntegrity != null) b.append('-').append(espIntegrity.keyword());
        }
        return b.toString();
    }
}
