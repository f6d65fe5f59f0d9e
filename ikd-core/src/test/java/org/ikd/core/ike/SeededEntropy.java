package org.ikd.core.ike;

import java.util.Random;

/** Deterministic randomness for tests (never for keys that leave a test). */
public final class SeededEntropy implements Entropy {
    private final Random random;

    public SeededEntropy(long seed) {
        this.random = new Random(seed);
    }

    @Override
    public void nextBytes(byte[] out) {
        random.nextBytes(out);
    }
}
