package org.ikd.esp.sad;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * Inbound SAs by SPI: an open-addressing table of int keys, written in place on install/remove
 * (rare, under the SAD's lock) and rebuilt only when it fills, so that an install costs O(1), not a
 * copy of every SA (1,000 peers). Readers take one volatile read of the table and acquire-reads of
 * its cells, without locking or boxing the SPI, which a {@code ConcurrentHashMap<Integer, ?>}
 * would do per packet. SPI 0 is never valid (RFC 4303 §2.1), so it marks empty cells; SPI 1
 * (reserved, ibid.) marks a removed one, which is never reused in place (a reader that saw the old
 * SPI must not read a newer SA), only dropped by a rebuild.
 */
final class SpiTable {
    private static final int EMPTY = 0;
    private static final int REMOVED = 1;

    private record Table(AtomicIntegerArray keys, AtomicReferenceArray<SecurityAssociation> values) {
        Table(int capacity) {
            this(new AtomicIntegerArray(capacity), new AtomicReferenceArray<>(capacity));
        }
    }

    private volatile Table table = new Table(16);
    private volatile int size;   // written under the SAD's lock, read by counters
    private int used;        // live and removed cells

    SecurityAssociation get(int spi) {
        Table t = table;
        AtomicIntegerArray k = t.keys;
        int mask = k.length() - 1;
        for (int i = mix(spi) & mask; ; i = (i + 1) & mask) {
            int key = k.getAcquire(i);
            if (key == spi) return key == REMOVED ? null : t.values.getAcquire(i);
            if (key == EMPTY) return null;
        }
    }

    /** Caller holds the SAD lock; the SPI is not in the table. */
    void put(SecurityAssociation sa) {
        if ((used + 1) * 2 > table.keys.length()) rebuild(size + 1);     // load factor <= 1/2
        insert(table, sa.spi(), sa);
        size++;
        used++;
    }

    /** Caller holds the SAD lock. */
    void remove(int spi) {
        Table t = table;
        AtomicIntegerArray k = t.keys;
        int mask = k.length() - 1;
        if (spi == EMPTY || spi == REMOVED) return;
        for (int i = mix(spi) & mask; ; i = (i + 1) & mask) {
            int key = k.get(i);
            if (key == EMPTY) return;
            if (key == spi) {
                k.setRelease(i, REMOVED);
                t.values.setRelease(i, null);
                size--;
                return;
            }
        }
    }

    int size() {
        return size;
    }

    void forEach(Consumer<SecurityAssociation> action) {
        Table t = table;
        for (int i = 0; i < t.values.length(); i++) {
            SecurityAssociation sa = t.values.get(i);
            if (sa != null) action.accept(sa);
        }
    }

    /** Copies the live cells into a table with room for {@code atLeast} SAs at load 1/4, then publishes it. */
    private void rebuild(int atLeast) {
        Table old = table;
        int capacity = 16;
        while (atLeast * 4 > capacity) capacity *= 2;
        Table t = new Table(capacity);
        for (int i = 0; i < old.keys.length(); i++) {
            int key = old.keys.get(i);
            if (key != EMPTY && key != REMOVED) insert(t, key, old.values.get(i));
        }
        used = size;
        table = t;
    }

    private static void insert(Table t, int spi, SecurityAssociation sa) {
        int mask = t.keys.length() - 1;
        int i = mix(spi) & mask;
        while (t.keys.get(i) != EMPTY) i = (i + 1) & mask;
        t.values.setRelease(i, sa);
        t.keys.setRelease(i, spi);
    }

    private static int mix(int spi) {
        int h = spi * 0x9E3779B9;     // Fibonacci hashing: SPIs are often sequential
        return h ^ (h >>> 16);
    }
}
