package org.ikd.esp.sad;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The outbound sequence number of an SA (RFC 4303 §3.3.3): shared by every outbound pump, so an
 * atomic counter. It never wraps: {@link #next} returns 0 once the space is used up, for good.
 * 32-bit space: 2^32 - 1 packets. ESN (RFC 4304): stops at 2^63 - 1 rather than 2^64 - 1 so the
 * counter stays positive and exhaustion stays sticky; that is 29,000 years at 10 Mpps.
 */
public final class SequenceCounter {
    public static final long EXHAUSTED = 0;
    private final AtomicLong last = new AtomicLong();
    private final long limit;

    public SequenceCounter(boolean esn) {
        this.limit = esn ? Long.MAX_VALUE : 0xffffffffL;
    }

    /** The next sequence number, or {@link #EXHAUSTED}. */
    public long next() {
        long s = last.incrementAndGet();
        return s > 0 && s <= limit ? s : EXHAUSTED;
    }

    public long lastSent() {
        long v = last.get();
        return v < 0 || v > limit ? limit : v;
    }

    public long limit() {
        return limit;
    }

    public boolean exhausted() {
        long v = last.get();
        return v < 0 || v >= limit;
    }

    /** Moves the counter forward to {@code lastSent} (never backwards): for tests and state restore. */
    public void skipTo(long lastSent) {
        last.accumulateAndGet(lastSent, Math::max);
    }
}
