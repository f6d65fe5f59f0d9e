package org.ikd.esp.sad;

/**
 * The anti-replay sliding window of an inbound SA (RFC 4303 §3.4.3, Appendix A), as a ring of
 * 64-bit words (the layout of RFC 6479) so that sliding clears whole words instead of shifting
 * bits. Sizes 1..65536; 0 disables replay checks (the highest sequence number is still tracked
 * for ESN inference). With ESN the high-order 32 bits are inferred per Appendix A2.2.
 *
 * <p>Threading: {@link #check} (before the ICV) reads without locking; {@link #update} (after the
 * ICV) is a synchronized test-and-set. The contract is that one pump owns an inbound SA, which
 * makes the lock uncontended; if the contract is broken, a duplicate that passes two racing
 * checks is still caught by update, and a racy check can only err towards a later, authoritative
 * update — never accept a replay.
 */
public final class ReplayWindow {
    public static final int MAX_SIZE = 65536;
    /** Window used to infer ESN high bits when replay checking is disabled: about half the space. */
    private static final long DISABLED_INFERENCE_WINDOW = 1L << 30;

    private final int size;
    private final boolean esn;
    private final long[] bitmap;
    private final int wordMask;
    private volatile long top;       // highest authenticated sequence number (unsigned); 0 = none yet

    public ReplayWindow(int size, boolean esn) {
        if (size < 0 || size > MAX_SIZE)
            throw new IllegalArgumentException("replay window " + size + " (expected: 0 (off) .. " + MAX_SIZE + ")");
        this.size = size;
        this.esn = esn;
        int words = size == 0 ? 1 : Integer.highestOneBit(((size + 63) / 64 + 1) * 2 - 1);
        this.bitmap = new long[words];
        this.wordMask = words - 1;
    }

    public int size() {
        return size;
    }

    public long highest() {
        return top;
    }

    /**
     * The full sequence number of a received 32-bit one. Without ESN it is the value itself.
     * With ESN (RFC 4303 A2.2), for window bottom Bl = Tl - W + 1:
     * Case A (Tl >= W - 1, the window lies in one 2^32 subspace): Seql >= Bl -> Th, else Th + 1.
     * Case B (Tl < W - 1, the window straddles two subspaces): Seql >= Bl -> Th - 1, else Th.
     * Returns 0 (never valid) when case B would need a subspace below 0.
     */
    public long infer(int sequenceLow) {
        long sl = sequenceLow & 0xffffffffL;
        if (!esn) return sl;
        long t = top;
        long tl = t & 0xffffffffL;
        long th = t >>> 32;
        long w = size == 0 ? DISABLED_INFERENCE_WINDOW : size;
        if (tl >= w - 1) return (sl >= tl - w + 1 ? th : th + 1) << 32 | sl;
        long bl = (tl - w + 1) & 0xffffffffL;
        if (sl < bl) return th << 32 | sl;
        return th == 0 ? 0 : (th - 1) << 32 | sl;
    }

    /** RFC 4303 §3.4.3: true when {@code seq} is new or inside the window and not seen. Call before the ICV. */
    public boolean check(long seq) {
        if (seq == 0) return false;                              // never sent (§3.3.3: the first packet is 1)
        long t = top;
        if (size == 0 || Long.compareUnsigned(seq, t) > 0) return true;
        long behind = t - seq;
        if (behind >= size) return false;                        // left of the window
        return (bitmap[(int) (seq >>> 6) & wordMask] & (1L << seq)) == 0;
    }

    /** Marks {@code seq} as received, sliding the window; false if it was a replay. Call after the ICV. */
    public synchronized boolean update(long seq) {
        if (seq == 0) return false;
        long t = top;
        if (Long.compareUnsigned(seq, t) > 0) {
            if (size > 0) {
                slide(t, seq);
                bitmap[(int) (seq >>> 6) & wordMask] |= 1L << seq;
            }
            top = seq;
            return true;
        }
        if (size == 0) return true;
        if (t - seq >= size) return false;
        int w = (int) (seq >>> 6) & wordMask;
        long bit = 1L << seq;
        if ((bitmap[w] & bit) != 0) return false;
        bitmap[w] |= bit;
        return true;
    }

    private void slide(long oldTop, long newTop) {
        long from = oldTop >>> 6;
        long steps = (newTop >>> 6) - from;
        if (steps >= bitmap.length) {
            java.util.Arrays.fill(bitmap, 0);
            return;
        }
        for (long i = 1; i <= steps; i++) bitmap[(int) (from + i) & wordMask] = 0;
    }

    @Override
    public String toString() {
        return "ReplayWindow[size " + size + (esn ? ", esn" : "") + ", highest " + Long.toUnsignedString(top) + "]";
    }
}
