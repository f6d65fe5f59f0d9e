package org.ikd.core.ike;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.ikd.core.sa.Spi;
import org.junit.jupiter.api.Test;

class SpiAllocatorTest {
    /** Entropy that replays the given ints, big-endian, then repeats the last one. */
    static Entropy replay(int... values) {
        int[] next = {0};
        return out -> {
            int v = values[Math.min(next[0]++, values.length - 1)];
            for (int i = 0; i < out.length; i++) out[i] = (byte) (i < out.length - 4 ? 0 : v >>> (8 * (out.length - 1 - i)));
        };
    }

    @Test
    void skipsSpisTheSadHoldsAndTheReservedRange() {
        Set<Spi> sad = Set.of(new Spi(0x1000));
        SpiAllocator a = new SpiAllocator(replay(0, 255, 0x1000, 0x2000), sad::contains);
        assertEquals(new Spi(0x2000), a.allocate());      // 0 and 255 are reserved (RFC 4303 §2.1), 0x1000 is in use
    }

    @Test
    void neverHandsOutTheSameSpiTwiceUntilReleased() {
        SpiAllocator a = new SpiAllocator(replay(0x3000, 0x3000, 0x3001, 0x3000), s -> false);
        assertEquals(new Spi(0x3000), a.allocate());
        assertEquals(new Spi(0x3001), a.allocate());
        a.release(new Spi(0x3000));
        assertEquals(new Spi(0x3000), a.allocate());
    }

    @Test
    void givesUpWhenEveryDrawCollides() {
        SpiAllocator a = new SpiAllocator(replay(0x4000), s -> true);
        assertThrows(IllegalStateException.class, a::allocate);
    }

    @Test
    void tenThousandRandomSpisAreDistinct() {
        SpiAllocator a = new SpiAllocator(new SeededEntropy(7), s -> false);
        Set<Spi> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) assertTrue(seen.add(a.allocate()));
        assertEquals(10_000, a.reservedCount());
        assertFalse(seen.stream().anyMatch(s -> Integer.compareUnsigned(s.value(), 256) < 0));
    }
}
