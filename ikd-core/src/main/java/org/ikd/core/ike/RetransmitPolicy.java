package org.ikd.core.ike;

import java.time.Duration;

/**
 * How an exchange that awaits a reply resends its last message (RFC 2408 §5.1 leaves it to the
 * implementation): after {@code initial}, then twice as long each time up to {@code maximum},
 * {@code transmissions} sends in all before the peer is declared silent.
 */
public record RetransmitPolicy(Duration initial, Duration maximum, int transmissions) {
    /** 1 s, 2 s, 4 s, 8 s, 16 s: five sends, given up after 31 s. */
    public static final RetransmitPolicy DEFAULT = new RetransmitPolicy(Duration.ofSeconds(1), Duration.ofSeconds(16), 5);

    public RetransmitPolicy {
        if (initial.isNegative() || initial.isZero()) throw new IllegalArgumentException("initial delay " + initial + " (expected: > 0)");
        if (maximum.compareTo(initial) < 0) throw new IllegalArgumentException("maximum " + maximum + " below initial " + initial);
        if (transmissions < 1) throw new IllegalArgumentException("transmissions " + transmissions + " (expected: >= 1)");
    }

    /**
     * How long to wait for a reply after the {@code sent}-th transmission (1-based). Doubles with
     * {@code plus}: {@code Duration.multipliedBy} goes through BigDecimal, and this runs on every
     * IKE message (issue 8, setup rate).
     */
    public Duration delayAfter(int sent) {
        Duration d = initial;
        for (int i = 1; i < sent && d.compareTo(maximum) < 0; i++) d = d.plus(d);
        return d.compareTo(maximum) > 0 ? maximum : d;
    }

    /** From the first send until the peer is declared silent. */
    public Duration window() {
        Duration total = Duration.ZERO;
        for (int i = 1; i <= transmissions; i++) total = total.plus(delayAfter(i));
        return total;
    }
}
