package org.ikd.core.ike;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import org.ikd.core.sa.Spi;

/**
 * Picks inbound SPIs (RFC 4303 §2.1: chosen by the receiver) at random so that none collides with
 * an SPI the SAD holds ({@code inUse}, asked from the IKE event loop, so it must be thread-safe) or
 * one this allocator handed out and has not had back ({@link #release}). Confined to the IKE event loop.
 */
public final class SpiAllocator {
    private static final int ATTEMPTS = 64;

    private final Entropy entropy;
    private final Predicate<Spi> inUse;
    private final Set<Spi> reserved = new HashSet<>();

    public SpiAllocator(Entropy entropy, Predicate<Spi> inUse) {
        this.entropy = entropy;
        this.inUse = inUse;
    }

    /** A fresh SPI, reserved until {@link #release}. */
    public Spi allocate() {
        for (int i = 0; i < ATTEMPTS; i++) {
            int v = entropy.nextInt();
            if (Integer.compareUnsigned(v, 256) < 0) continue;          // 0..255 are reserved (RFC 4303 §2.1)
            Spi spi = new Spi(v);
            if (reserved.contains(spi) || inUse.test(spi)) continue;
            reserved.add(spi);
            return spi;
        }
        throw new IllegalStateException("no free SPI after " + ATTEMPTS + " random draws");
    }

    /** Gives back an SPI whose SA is gone (or never got installed). */
    public void release(Spi spi) {
        reserved.remove(spi);
    }

    /** True while {@code spi} is handed out: its SA is being negotiated or installed, or lives. */
    public boolean isReserved(Spi spi) {
        return reserved.contains(spi);
    }

    public int reservedCount() {
        return reserved.size();
    }
}
