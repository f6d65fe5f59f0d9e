package org.ikd.core.ike;

import java.time.Duration;

/**
 * Engine settings that are not policy.
 *
 * @param halfOpenLimit      Main Modes we answer at once before dropping new first messages
 * @param negotiationTimeout a Main Mode not established by then is abandoned
 * @param isakmpPort         the IKE port, ours and the peer's (500; tests use high ports)
 * @param natTraversalPort   the NAT-T port (4500)
 * @param dpdInterval        how often to ask R-U-THERE when the peer does DPD (RFC 3706); zero: never
 * @param dpdTries           unanswered R-U-THEREs before the peer is declared dead
 * @param natKeepalive       how often to send a NAT keepalive when we are behind a NAT (RFC 3948 §2.3)
 * @param fragmentation      IKEv1 fragmentation: when to send fragments, limits on reassembly
 * @param renewal            when an ISAKMP SA in use is re-established before it expires
 */
public record IkeConfig(RetransmitPolicy retransmit, int halfOpenLimit, Duration negotiationTimeout,
                        int isakmpPort, int natTraversalPort, Duration dpdInterval, int dpdTries, Duration natKeepalive,
                        FragmentationSettings fragmentation, PhaseOneRenewal renewal) {
    public static final IkeConfig DEFAULT = new IkeConfig(RetransmitPolicy.DEFAULT, 1000, Duration.ofSeconds(60), 500, 4500,
            Duration.ofSeconds(30), 5, Duration.ofSeconds(20), FragmentationSettings.DEFAULT, PhaseOneRenewal.DEFAULT);

    /** Settings with the default renewal. */
    public IkeConfig(RetransmitPolicy retransmit, int halfOpenLimit, Duration negotiationTimeout, int isakmpPort,
                     int natTraversalPort, Duration dpdInterval, int dpdTries, Duration natKeepalive,
                     FragmentationSettings fragmentation) {
        this(retransmit, halfOpenLimit, negotiationTimeout, isakmpPort, natTraversalPort, dpdInterval, dpdTries, natKeepalive,
                fragmentation, PhaseOneRenewal.DEFAULT);
    }

    /** Settings with the default fragmentation. */
    public IkeConfig(RetransmitPolicy retransmit, int halfOpenLimit, Duration negotiationTimeout, int isakmpPort,
                     int natTraversalPort, Duration dpdInterval, int dpdTries, Duration natKeepalive) {
        this(retransmit, halfOpenLimit, negotiationTimeout, isakmpPort, natTraversalPort, dpdInterval, dpdTries, natKeepalive,
                FragmentationSettings.DEFAULT);
    }

    public IkeConfig {
        if (halfOpenLimit < 1) throw new IllegalArgumentException("half-open limit " + halfOpenLimit + " (expected: >= 1)");
        if (negotiationTimeout.isNegative() || negotiationTimeout.isZero())
            throw new IllegalArgumentException("negotiation time-out " + negotiationTimeout + " (expected: > 0)");
        if (dpdInterval.isNegative()) throw new IllegalArgumentException("DPD interval " + dpdInterval + " (expected: >= 0)");
        if (dpdTries < 1) throw new IllegalArgumentException("DPD tries " + dpdTries + " (expected: >= 1)");
        if (natKeepalive.isNegative() || natKeepalive.isZero())
            throw new IllegalArgumentException("NAT keepalive interval " + natKeepalive + " (expected: > 0)");
        java.util.Objects.requireNonNull(fragmentation, "fragmentation");
        java.util.Objects.requireNonNull(renewal, "renewal");
    }

    public IkeConfig withRenewal(PhaseOneRenewal r) {
        return new IkeConfig(retransmit, halfOpenLimit, negotiationTimeout, isakmpPort, natTraversalPort, dpdInterval, dpdTries,
                natKeepalive, fragmentation, r);
    }

    public IkeConfig withFragmentation(FragmentationSettings settings) {
        return new IkeConfig(retransmit, halfOpenLimit, negotiationTimeout, isakmpPort, natTraversalPort, dpdInterval, dpdTries,
                natKeepalive, settings, renewal);
    }

    public IkeConfig withRetransmit(RetransmitPolicy policy) {
        return new IkeConfig(policy, halfOpenLimit, negotiationTimeout, isakmpPort, natTraversalPort, dpdInterval, dpdTries, natKeepalive, fragmentation, renewal);
    }

    public IkeConfig withHalfOpenLimit(int limit) {
        return new IkeConfig(retransmit, limit, negotiationTimeout, isakmpPort, natTraversalPort, dpdInterval, dpdTries, natKeepalive, fragmentation, renewal);
    }

    public IkeConfig withPorts(int isakmp, int natTraversal) {
        return new IkeConfig(retransmit, halfOpenLimit, negotiationTimeout, isakmp, natTraversal, dpdInterval, dpdTries, natKeepalive, fragmentation, renewal);
    }

    public IkeConfig withDpd(Duration interval, int tries) {
        return new IkeConfig(retransmit, halfOpenLimit, negotiationTimeout, isakmpPort, natTraversalPort, interval, tries, natKeepalive, fragmentation, renewal);
    }
}
