package org.ikd.core.ike;

import java.net.InetAddress;
import java.time.Duration;

/**
 * How the engine watches one peer: Dead Peer Detection (RFC 3706 §5.5: after {@code dpdDelay}
 * without a sign of life the peer is asked R-U-THERE, again at the retransmission intervals; when
 * {@code dpdTimeout} has passed since the last sign of life, it is dead: a death is noticed within
 * the timeout, at most delay + timeout after the peer's last word) and the NAT keepalive interval
 * (RFC 3948 §2.3), which must be shorter than the NAT's UDP time-out.
 *
 * @param dpdDelay     quiet time before R-U-THERE; zero: no DPD with this peer
 * @param dpdTimeout   quiet time after which the peer is dead; longer than the delay
 * @param natKeepalive interval of the one-byte 0xFF keepalives while we are behind a NAT
 */
public record PeerLiveness(Duration dpdDelay, Duration dpdTimeout, Duration natKeepalive) {
    /** Looks up the settings for a peer (the daemon: from the rule that names it); null means {@link #of(IkeConfig)}. */
    @FunctionalInterface
    public interface Source {
        PeerLiveness forPeer(InetAddress peer);

        /** What follows a DPD death for the pairs of {@code rule}; null: nothing ({@code HOLD}). */
        default org.ikd.core.ike.ipsec.DeadPeerAction deadPeerAction(String rule) {
            return null;
        }
    }

    public PeerLiveness {
        if (dpdDelay.isNegative()) throw new IllegalArgumentException("DPD delay " + dpdDelay + " (expected: >= 0)");
        if (!dpdDelay.isZero() && dpdTimeout.compareTo(dpdDelay) <= 0)
            throw new IllegalArgumentException("DPD timeout " + dpdTimeout + " (expected: longer than the delay " + dpdDelay + ")");
        if (natKeepalive.isNegative() || natKeepalive.isZero())
            throw new IllegalArgumentException("NAT keepalive interval " + natKeepalive + " (expected: > 0)");
    }

    /** The engine-wide defaults: probe after {@code dpdInterval}, dead {@code dpdTries} retransmissions later. */
    public static PeerLiveness of(IkeConfig config) {
        Duration timeout = config.dpdInterval();
        for (int i = 1; i <= config.dpdTries(); i++) timeout = timeout.plus(config.retransmit().delayAfter(i));
        return new PeerLiveness(config.dpdInterval(), timeout, config.natKeepalive());
    }

    public boolean dpd() {
        return !dpdDelay.isZero();
    }
}
