package org.ikd.esp.sad;

import java.util.function.Consumer;

/**
 * Inbound SAs by SPI: an open-addressing table of int keys, immutable once published and
 * replaced copy-on-write on install/remove (rare, under the SAD's lock). Readers take one volatile
 * read and probe without locking or boxing the SPI, which a {@code ConcurrentHashMap<Integer, ?>}
 * would do per packet. SPI 0 is never valid (RFC 4303 §2.1), so it marks empty cells.
 */
final class SpiTable {
    private record Table(int[] keys, SecurityAssociation[] values, int size) {}

    private volatile Table table = new Table(new int[16], new SecurityAssociation[16], 0);

    SecurityAssociation get(int spi) {
        Table t = table;
        int[] k = t.keys;
        int mask = k.length - 1;
        for (int i = mix(spi) & mask; ; i = (i + 1) & mask) {
            int key = k[i];
            if (key == spi) return t.values[i];
            if (key == 0) return null;
        }
    }

    /** Caller holds the SAD lock. */
    void put(SecurityAssociation sa) {
        Table t = table;
        int capacity = t.keys.length;
        while ((t.size + 1) * 2 > capacity) capacity *= 2;           // load factor <= 1/2
        table = rebuild(t, capacity, sa, 0);
    }

    /** Caller holds the SAD lock. */
    void remove(int spi) {
        Table t = table;
        if (get(spi) != null) table = rebuild(t, t.keys.length, null, spi);
    }

    int size() {
        return table.size;
    }

    void forEach(Consumer<SecurityAssociation> action) {
        Table t = table;
        for (SecurityAssociation sa : t.values) if (sa != null) action.accept(sa);
    }

    private static Table rebuild(Table old, int capacity, SecurityAssociation added, int removedSpi) {
        int[] keys = new int[capacity];
        SecurityAssociation[] values = new SecurityAssociation[capacity];
        int n = 0;
        for (int i = 0; i < old.keys.length; i++) {
            if (old.keys[i] != 0 && old.keys[i] != removedSpi) {
                insert(keys, values, old.keys[i], old.values[i]);
                n++;
            }
        }
        if (added != null) {
            insert(keys, values, added.spi(), added);
            n++;
        }
        return new Table(keys, values, n);
    }

    private static void insert(int[] keys, SecurityAssociation[] values, int spi, SecurityAssociation sa) {
        int mask = keys.length - 1;
        int i = mix(spi) & mask;
        while (keys[i] != 0) i = (i + 1) & mask;
        keys[i] = spi;
        values[i] = sa;
    }

    private static int mix(int spi) {
        int h = spi * 0x9E3779B9;     // Fibonacci hashing: SPIs are often sequential
        return h ^ (h >>> 16);
    }
}
