package org.ikd.core.ike;

/**
 * When an ISAKMP SA is re-established by a new Main Mode (IKEv1 has no ISAKMP rekey: RFC 2409
 * §4 leaves it to a new phase 1). The SA that keyed the Main Mode renews at {@code softPercent}
 * of its lifetime, less a random jitter of up to {@code jitterPercent} of it (so that many SAs
 * made at once do not renew at once); the responder waits half the remaining time more and
 * renews only if the initiator has not. Zero jitter: the exact point, for tests.
 */
public record PhaseOneRenewal(int softPercent, int jitterPercent) {
    /** 90 % less up to 5 %: a 40 s SA renews between 34 and 36 s, an 8 h one between 6 h 48 min and 7 h 12 min. */
    public static final PhaseOneRenewal DEFAULT = new PhaseOneRenewal(90, 5);

    public PhaseOneRenewal {
        if (softPercent < 50 || softPercent > 99) throw new IllegalArgumentException("soft point " + softPercent + " % (expected: 50..99)");
        if (jitterPercent < 0 || jitterPercent >= softPercent - 40)
            throw new IllegalArgumentException("jitter " + jitterPercent + " % (expected: 0.." + (softPercent - 41) + ")");
    }

    public PhaseOneRenewal withoutJitter() {
        return new PhaseOneRenewal(softPercent, 0);
    }
}
