package org.ikd.core.policy;

import org.ikd.core.crypto.DhGroupId;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.Phase1Cipher;

/** One Main Mode security method (Windows "key exchange security method"): cipher, hash and DH group. */
public record MainModeMethod(Phase1Cipher cipher, int keyBits, HashAlgorithm hash, DhGroupId group) {
    public MainModeMethod {
        if (!cipher.acceptsKeyBits(keyBits))
            throw new IllegalArgumentException(cipher.keyword() + " does not take a " + keyBits + "-bit key");
    }

    /** strongSwan's spelling: {@code aes128-sha256-modp2048}, {@code 3des-sha1-modp1024}. */
    @Override
    public String toString() {
        return cipher.keyword() + (cipher.variableKeyLength() ? keyBits : "") + "-" + hash.keyword() + "-" + group.keyword();
    }
}
