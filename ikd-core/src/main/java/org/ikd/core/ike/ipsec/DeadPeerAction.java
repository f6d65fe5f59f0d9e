package org.ikd.core.ike.ipsec;

/**
 * What follows when Dead Peer Detection (RFC 3706) declared a peer dead and its pairs were deleted,
 * per rule (strongSwan's {@code dpd_action}).
 */
public enum DeadPeerAction {
    /** The rule's traffic to the peer stays down (dropped, no negotiation) until the peer contacts us, {@code ikdctl initiate} or a reload. */
    CLEAR,
    /** Nothing more: the rule stays in the SPD, so its next packet to the peer negotiates again. */
    HOLD,
    /** Negotiate the pair's traffic again at once, and every {@link PairLifecycle#RESTART_EVERY} until a new pair carries it. */
    RESTART
}
