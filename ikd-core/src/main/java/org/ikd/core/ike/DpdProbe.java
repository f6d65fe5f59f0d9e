package org.ikd.core.ike;

import java.time.Instant;

/**
 * Dead Peer Detection with one peer (RFC 3706 §5): the R-U-THERE sequence numbers, the probes still
 * unanswered and since when, and whether an answer came since the engine last looked. One per
 * ISAKMP SA; touched on the IKE event loop only.
 */
public final class DpdProbe {
    private int sequence;
    private int outstanding;
    private boolean answered;
    private Instant since;

    /** The sequence number of the next R-U-THERE (RFC 3706 §5.2: starts random, then increments). */
    public int next(Entropy entropy) {
        if (sequence == 0) sequence = entropy.nextInt() & 0x7fffffff | 1;
        return sequence++;
    }

    /** An R-U-THERE-ACK for {@code sequence} came (RFC 3706 §5.2: it must echo one we sent, of the last 64). */
    public boolean acknowledged(int ackedSequence) {
        if (sequence == 0 || ackedSequence - sequence >= 0 || sequence - ackedSequence > 64) return false;
        outstanding = 0;
        since = null;
        answered = true;
        return true;
    }

    int outstanding() { return outstanding; }

    /** When the first still unanswered R-U-THERE went out (RFC 3706 §5.5), or null. */
    Instant since() { return since; }

    void sent(Instant now) {
        if (outstanding++ == 0) since = now;
    }

    /** True once per answer: the peer showed life since the last call. */
    boolean takeAnswer() {
        boolean a = answered;
        answered = false;
        return a;
    }
}
