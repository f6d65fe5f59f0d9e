package org.ikd.core.ike;

import java.security.SecureRandom;

/**
 * Where the engine's randomness comes from: cookies, message IDs, SPIs, nonces and DH private
 * values. Production wraps a {@link SecureRandom}; tests pass a deterministic source.
 */
@FunctionalInterface
public interface Entropy {
    void nextBytes(byte[] out);

    static Entropy of(SecureRandom random) {
        return random::nextBytes;
    }

    default long nextLong() {
        byte[] b = new byte[8];
        nextBytes(b);
        long v = 0;
        for (byte x : b) v = v << 8 | (x & 0xff);
        return v;
    }

    default int nextInt() {
        return (int) nextLong();
    }
}
