package org.ikd.core.ike;

import java.util.List;
import org.ikd.core.crypto.Bytes;

/**
 * An exchange refuses to go on (no proposal chosen, authentication failed, ...). The engine ends
 * the exchange (and the ISAKMP SA when it is phase 1), sends {@code answers} (a Notify) (already encoded, may
 * be empty where RFC 2408 §5 forbids an answer), counts it and publishes one NegotiationFailed event.
 */
public final class NegotiationFailure extends RuntimeException {
    private final IkeEvent.Phase phase;
    private final IkeEvent.FailurePoint point;
    private final boolean authentication;
    private boolean selectors;
    private final transient List<Bytes> answers;

    public NegotiationFailure(IkeEvent.Phase phase, IkeEvent.FailurePoint point, String reason,
                              boolean authentication, List<Bytes> answers) {
        super(reason, null, false, false);
        this.phase = phase;
        this.point = point;
        this.authentication = authentication;
        this.answers = List.copyOf(answers);
    }

    public static NegotiationFailure refused(IkeEvent.Phase phase, String reason, Bytes... answers) {
        return new NegotiationFailure(phase, IkeEvent.FailurePoint.ME, reason, false, List.of(answers));
    }

    /**
     * The peer asked for traffic that its Main Mode authentication does not allow (or that no rule
     * covers); counted as {@link IkeCounter#SELECTORS_REFUSED} besides the negotiation failure.
     */
    public static NegotiationFailure selectorsRefused(IkeEvent.Phase phase, String reason, Bytes... answers) {
        NegotiationFailure f = refused(phase, reason, answers);
        f.selectors = true;
        return f;
    }

    public boolean selectors() {
        return selectors;
    }

    public IkeEvent.Phase phase() {
        return phase;
    }

    public IkeEvent.FailurePoint point() {
        return point;
    }

    /** Counted as an Authentication Failure too. */
    public boolean authentication() {
        return authentication;
    }

    public List<Bytes> answers() {
        return answers;
    }
}
