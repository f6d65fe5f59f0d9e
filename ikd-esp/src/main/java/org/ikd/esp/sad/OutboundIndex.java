package org.ikd.esp.sad;

import java.util.concurrent.atomic.AtomicReferenceArray;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.ikd.esp.packet.Flow;

/**
 * The outbound bundles of one SPD rule (RFC 4301 §4.4.2), hashed by their selector's destination
 * subnet, so that neither an install nor a packet scans the rule's other peers (1,000 peers on
 * one rule made both linear). The bundles keep one order, a rank: a bundle sent on at once goes
 * before all others, a rekey's handover bundle after them; a packet takes the first that admits it.
 *
 * <p>Threading: install and remove are serialized by the SAD's lock. A packet probes, for each
 * destination prefix length in use, one cell of an open-addressing table whose cells hold
 * immutable {@link Chain}s, with volatile reads only: no lock, no allocation. A removed
 * destination leaves an empty chain (a tombstone) until the table is rebuilt.
 */
final class OutboundIndex {
    /** The bundles of one destination subnet in rank order; immutable. */
    private record Chain(boolean ipv4, int prefix, long high, long low, SaBundle[] bundles, long[] ranks) {}

    private static final int[] NO_LENGTHS = new int[0];

    private volatile AtomicReferenceArray<Chain> cells = new AtomicReferenceArray<>(16);
    private volatile int[] lengthsV4 = NO_LENGTHS;
    private volatile int[] lengthsV6 = NO_LENGTHS;
    private final int[] lengthCountV4 = new int[33];
    private final int[] lengthCountV6 = new int[129];
    private int usedCells;
    private int liveChains;
    private int size;
    private long firstRank;
    private long lastRank;

    /** Caller holds the SAD lock. Returns true when a bundle with an equal selector was there (a rekey). */
    boolean add(SaBundle b, boolean first) {
        Selector s = b.selector().selector();
        Chain c = find(s.destination());
        boolean rekey = false;
        if (c != null) for (SaBundle old : c.bundles) rekey |= old.selector().selector().equals(s);
        long rank = first ? --firstRank : ++lastRank;
        put(s.destination(), c, insert(c, s.destination(), b, rank));
        size++;
        return rekey;
    }

    /** Caller holds the SAD lock. */
    void remove(SaBundle b) {
        Subnet d = b.selector().selector().destination();
        Chain c = find(d);
        if (c == null) return;
        int at = -1;
        for (int i = 0; i < c.bundles.length; i++) if (c.bundles[i] == b) at = i;
        if (at < 0) return;
        SaBundle[] bundles = new SaBundle[c.bundles.length - 1];
        long[] ranks = new long[bundles.length];
        for (int i = 0, j = 0; i < c.bundles.length; i++) {
            if (i == at) continue;
            bundles[j] = c.bundles[i];
            ranks[j++] = c.ranks[i];
        }
        put(d, c, new Chain(c.ipv4, c.prefix, c.high, c.low, bundles, ranks));
        size--;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The first bundle, in rank order, whose selector admits the flow; null if none. Allocation-free. */
    SaBundle lookup(Flow f) {
        AtomicReferenceArray<Chain> t = cells;
        SaBundle best = null;
        long bestRank = Long.MAX_VALUE;
        boolean v4 = f.isIpv4();
        for (int prefix : v4 ? lengthsV4 : lengthsV6) {
            long high = v4 ? 0 : f.destinationHigh() & maskHigh(prefix);
            long low = v4 ? (f.destinationV4() & 0xffffffffL) & maskV4(prefix) : f.destinationLow() & maskLow(prefix);
            Chain c = probe(t, v4, prefix, high, low);
            if (c == null) continue;
            for (int i = 0; i < c.bundles.length && c.ranks[i] < bestRank; i++) {
                if (c.bundles[i].selector().matches(f)) {
                    best = c.bundles[i];
                    bestRank = c.ranks[i];
                    break;
                }
            }
        }
        return best;
    }

    private static Chain probe(AtomicReferenceArray<Chain> t, boolean v4, int prefix, long high, long low) {
        int mask = t.length() - 1;
        for (int i = hash(v4, prefix, high, low) & mask; ; i = (i + 1) & mask) {
            Chain c = t.get(i);
            if (c == null) return null;
            if (c.ipv4 == v4 && c.prefix == prefix && c.high == high && c.low == low) return c;
        }
    }

    private Chain find(Subnet d) {
        long[] k = key(d);
        return probe(cells, k[0] == 4, d.prefix(), k[1], k[2]);
    }

    private static Chain insert(Chain c, Subnet d, SaBundle b, long rank) {
        if (c == null) {
            long[] k = key(d);
            return new Chain(k[0] == 4, d.prefix(), k[1], k[2], new SaBundle[] {b}, new long[] {rank});
        }
        int n = c.bundles.length;
        int at = 0;
        while (at < n && c.ranks[at] < rank) at++;
        SaBundle[] bundles = new SaBundle[n + 1];
        long[] ranks = new long[n + 1];
        System.arraycopy(c.bundles, 0, bundles, 0, at);
        System.arraycopy(c.ranks, 0, ranks, 0, at);
        bundles[at] = b;
        ranks[at] = rank;
        System.arraycopy(c.bundles, at, bundles, at + 1, n - at);
        System.arraycopy(c.ranks, at, ranks, at + 1, n - at);
        return new Chain(c.ipv4, c.prefix, c.high, c.low, bundles, ranks);
    }

    /** Replaces {@code old} (null: a new key) by {@code now}; keeps the prefix lengths and load in step. */
    private void put(Subnet d, Chain old, Chain now) {
        boolean wasLive = old != null && old.bundles.length > 0;
        boolean isLive = now.bundles.length > 0;
        if (wasLive != isLive) {
            liveChains += isLive ? 1 : -1;
            count(now.ipv4, now.prefix, isLive ? 1 : -1);
        }
        AtomicReferenceArray<Chain> t = cells;
        int mask = t.length() - 1;
        int i = hash(now.ipv4, now.prefix, now.high, now.low) & mask;
        while (t.get(i) != null && t.get(i) != old) i = (i + 1) & mask;
        if (t.get(i) == null) usedCells++;
        t.set(i, now);
        if (usedCells * 2 > t.length()) rebuild();
    }

    /** Drops the tombstones and keeps the load at most 1/4 after a rebuild; published with one volatile write. */
    private void rebuild() {
        AtomicReferenceArray<Chain> old = cells;
        int capacity = 16;
        while (liveChains * 4 > capacity) capacity *= 2;
        AtomicReferenceArray<Chain> t = new AtomicReferenceArray<>(capacity);
        int used = 0;
        for (int j = 0; j < old.length(); j++) {
            Chain c = old.get(j);
            if (c == null || c.bundles.length == 0) continue;
            int i = hash(c.ipv4, c.prefix, c.high, c.low) & (capacity - 1);
            while (t.get(i) != null) i = (i + 1) & (capacity - 1);
            t.set(i, c);
            used++;
        }
        usedCells = used;
        cells = t;
    }

    private void count(boolean v4, int prefix, int delta) {
        int[] counts = v4 ? lengthCountV4 : lengthCountV6;
        int before = counts[prefix];
        counts[prefix] += delta;
        if ((before == 0) == (counts[prefix] == 0)) return;
        int n = 0;
        for (int c : counts) if (c > 0) n++;
        int[] lengths = new int[n];
        for (int p = counts.length - 1, j = 0; p >= 0; p--) if (counts[p] > 0) lengths[j++] = p;
        if (v4) lengthsV4 = lengths;
        else lengthsV6 = lengths;
    }

    /** {version, high, low} of a subnet's network, masked as {@link org.ikd.esp.spd.TrafficMatcher} does. */
    private static long[] key(Subnet d) {
        byte[] a = d.network().getAddress();
        if (a.length == 4) return new long[] {4, 0, toLong(a, 0, 4) & maskV4(d.prefix())};
        return new long[] {6, toLong(a, 0, 8) & maskHigh(d.prefix()), toLong(a, 8, 8) & maskLow(d.prefix())};
    }

    private static long toLong(byte[] a, int off, int len) {
        long v = 0;
        for (int i = 0; i < len; i++) v = v << 8 | (a[off + i] & 0xff);
        return v;
    }

    private static long maskV4(int prefix) {
        return prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    }

    private static long maskHigh(int prefix) {
        return prefix == 0 ? 0 : prefix >= 64 ? -1L : -1L << (64 - prefix);
    }

    private static long maskLow(int prefix) {
        return prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
    }

    private static int hash(boolean v4, int prefix, long high, long low) {
        long h = (high * 0x9E3779B97F4A7C15L) ^ low ^ ((long) prefix << 40) ^ (v4 ? 0x5bd1e995L : 0);
        h *= 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
