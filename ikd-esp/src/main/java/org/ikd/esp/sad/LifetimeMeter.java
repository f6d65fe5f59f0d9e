package org.ikd.esp.sad;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.ikd.core.sa.SaLifetime;

/**
 * Soft and hard lifetimes of an SA in bytes and time (RFC 4301 §4.4.2.1). Bytes are counted per
 * packet (an atomic add: outbound SAs are shared by pumps); time is judged against a clock the
 * caller passes in ({@code nowNanos}), never read here. Each crossing is reported exactly once.
 */
public final class LifetimeMeter {
    /** What adding bytes or advancing time did. */
    public enum Crossing { NONE, SOFT, HARD, EXPIRED }

    private static final int SOFT = 1;
    private static final int HARD = 2;

    private final long softBytes;
    private final long hardBytes;
    private final long softDeadline;
    private final long hardDeadline;
    private final long installedAt;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger raised = new AtomicInteger();

    public LifetimeMeter(SaLifetime lifetime, long installedAtNanos) {
        this.installedAt = installedAtNanos;
        this.softBytes = limit(lifetime.softBytes());
        this.hardBytes = limit(lifetime.hardBytes());
        this.softDeadline = deadline(installedAtNanos, lifetime.softSeconds());
        this.hardDeadline = deadline(installedAtNanos, lifetime.hardSeconds());
    }

    private static long limit(long v) {
        return v == 0 ? Long.MAX_VALUE : v;
    }

    private static long deadline(long start, long seconds) {
        return seconds == 0 ? Long.MAX_VALUE : start + TimeUnit.SECONDS.toNanos(seconds);
    }

    /** Counts {@code n} bytes; HARD means this packet went past the hard limit (drop it). */
    public Crossing addBytes(long n) {
        if ((raised.get() & HARD) != 0) return Crossing.EXPIRED;
        long total = bytes.addAndGet(n);
        if (total > hardBytes) return raise(HARD) ? Crossing.HARD : Crossing.EXPIRED;
        if (total >= softBytes && raise(SOFT)) return Crossing.SOFT;
        return Crossing.NONE;
    }

    /** Judges time: HARD once the hard deadline passed, SOFT once the soft one did. */
    public Crossing checkTime(long nowNanos) {
        if (nowNanos - hardDeadline >= 0 && hardDeadline != Long.MAX_VALUE)
            return raise(HARD) ? Crossing.HARD : Crossing.EXPIRED;
        if (nowNanos - softDeadline >= 0 && softDeadline != Long.MAX_VALUE && raise(SOFT)) return Crossing.SOFT;
        return Crossing.NONE;
    }

    private boolean raise(int bit) {
        int r;
        do {
            r = raised.get();
            if ((r & bit) != 0) return false;
        } while (!raised.compareAndSet(r, r | bit));
        return true;
    }

    public boolean expired() {
        return (raised.get() & HARD) != 0;
    }

    public boolean softReached() {
        return (raised.get() & SOFT) != 0;
    }

    public long bytes() {
        return bytes.get();
    }

    /** Bytes left before the hard limit; Long.MAX_VALUE without one. */
    public long remainingBytes() {
        return hardBytes == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, hardBytes - bytes.get());
    }

    /** Seconds left before the hard deadline at {@code nowNanos}; Long.MAX_VALUE without one. */
    public long remainingSeconds(long nowNanos) {
        return hardDeadline == Long.MAX_VALUE ? Long.MAX_VALUE
                : Math.max(0, TimeUnit.NANOSECONDS.toSeconds(hardDeadline - nowNanos));
    }

    public long ageSeconds(long nowNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(nowNanos - installedAt);
    }
}
