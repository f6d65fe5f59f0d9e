package org.ikd.core.policy;

import java.time.Duration;

/**
 * How a rule keeps its peers' SAs alive and notices a dead peer: Dead Peer Detection (RFC 3706) and
 * NAT keepalives (RFC 3948 §2.3). The engine reads it from the first negotiate rule that applies to
 * a peer (ike.RuleLiveness).
 *
 * @param dpdDelay     send R-U-THERE after this long without traffic from the peer (RFC 3706 §5.5);
 *                     zero: no DPD for the rule
 * @param dpdTimeout   the peer is dead when nothing came back this long after the first probe
 * @param action       what happens to a dead peer's pairs (null without DPD)
 * @param natKeepalive how often a peer behind our NAT gets a keepalive; null: the engine's default (20 s)
 */
public record Liveness(Duration dpdDelay, Duration dpdTimeout, DpdAction action, Duration natKeepalive) {
    /** No DPD, the engine's keepalive interval. */
    public static final Liveness DPD_OFF = new Liveness(Duration.ZERO, Duration.ZERO, null, null);

    /** What follows a DPD death (strongSwan's dpd_action). */
    public enum DpdAction {
        /** The rule's traffic to that peer is dropped without negotiating until the peer contacts us. */
        CLEAR,
        /** Nothing more: the next packet of the traffic negotiates again. */
        HOLD,
        /** Negotiate the pair's traffic again at once, and retry until the peer answers. */
        RESTART
    }

    public Liveness {
        if (dpdDelay == null || dpdDelay.isNegative()) throw new IllegalArgumentException("DPD delay " + dpdDelay + " (expected: >= 0)");
        if (!dpdDelay.isZero() && (dpdTimeout == null || dpdTimeout.compareTo(dpdDelay) <= 0))
            throw new IllegalArgumentException("DPD timeout " + dpdTimeout + " (expected: longer than the delay " + dpdDelay + ")");
        if (natKeepalive != null && (natKeepalive.isNegative() || natKeepalive.isZero()))
            throw new IllegalArgumentException("NAT keepalive " + natKeepalive + " (expected: > 0, or null for the default)");
    }

    public boolean dpd() {
        return !dpdDelay.isZero();
    }
}
