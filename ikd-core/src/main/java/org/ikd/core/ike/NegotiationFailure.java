package org.ikd.core.ike;

import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.policy.Selector;

/**
 * An exchange refuses to go on (no proposal chosen, authentication failed, ...). The engine ends
 * the exchange (and the ISAKMP SA when it is phase 1), sends {@code answers} (a Notify) (already encoded, may
 * be empty where RFC 2408 §5 forbids an answer), counts it and publishes one NegotiationFailed event.
 * What the event says beyond the text is typed here: the failure's kind (the audit event, 544–547),
 * the notify type sent or received, the proposals that did not match, the rule and the selector.
 */
public final class NegotiationFailure extends RuntimeException {
    private final IkeEvent.Phase phase;
    private final IkeEvent.FailurePoint point;
    private final boolean authentication;
    private boolean selectors;
    private IkeEvent.FailureKind kind;
    private NotifyType notify;
    private IkeEvent.ProposalMismatch mismatch;
    private String rule;
    private Selector filter;
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

    /** 546: the peer proposed nothing we accept; {@code notify} is what we answered (NO-PROPOSAL-CHOSEN). */
    public NegotiationFailure invalidProposal(IkeEvent.ProposalMismatch mismatch) {
        this.kind = IkeEvent.FailureKind.INVALID_PROPOSAL;
        this.mismatch = mismatch;
        return notify(NotifyType.NO_PROPOSAL_CHOSEN);
    }

    /** False: 544, the peer's certificate is not trusted (RFC 2409 §5.1 signatures); true changes nothing. */
    public NegotiationFailure trusted(boolean trusted) {
        if (!trusted) this.kind = IkeEvent.FailureKind.CERTIFICATE_TRUST;
        return this;
    }

    /** The RFC 2408 §3.14.1 notify type we answered with, or the peer refused with. */
    public NegotiationFailure notify(NotifyType type) {
        this.notify = type;
        return this;
    }

    /** The rule negotiated (Quick Mode: the rule of the selector; Main Mode knows it from the ISAKMP SA). */
    public NegotiationFailure rule(String name) {
        this.rule = name;
        return this;
    }

    /** The selector a Quick Mode negotiated. */
    public NegotiationFailure filter(Selector selector) {
        this.filter = selector;
        return this;
    }

    /** Fills in the rule and selector {@code e} negotiated, where the failure did not name them. */
    NegotiationFailure of(Exchange e) {
        if (rule == null) rule = e.ruleName();
        if (filter == null) filter = e.flow();
        return this;
    }

    /** 544, 545 or 546, else 547 alone: an authentication failure is 545 unless marked otherwise. */
    public IkeEvent.FailureKind kind() {
        if (kind != null) return kind;
        // the peer's own refusal (its AUTHENTICATION-FAILED to us) is its failure point: 547 alone
        return authentication && (point == IkeEvent.FailurePoint.ME || notify == null)
                ? IkeEvent.FailureKind.AUTHENTICATION : IkeEvent.FailureKind.NEGOTIATION;
    }

    public NotifyType notifyType() {
        return notify;
    }

    public IkeEvent.ProposalMismatch mismatch() {
        return mismatch;
    }

    /** Null: the ISAKMP SA's rule. */
    public String ruleName() {
        return rule;
    }

    public Selector selector() {
        return filter;
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
