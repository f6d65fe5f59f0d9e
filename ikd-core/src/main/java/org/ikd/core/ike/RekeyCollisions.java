package org.ikd.core.ike;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.ikd.core.sa.IpsecSaPair;

/**
 * Rekey collisions: both peers renewed the same traffic at once, so two new pairs for it were
 * installed within moments of each other. IKEv1 has no rule (RFC 2409 §5.5 lets either side start
 * a Quick Mode at any time); ikd takes the shape of IKEv2's (RFC 7296 §2.8.1: the SA created with
 * the lowest of the four nonces is redundant) with the four SPIs instead of the nonces: both peers
 * hold the same four SPIs (each pair's inbound and outbound). The pair that holds the lowest SPI
 * (unsigned) is redundant on both sides: neither sends on it, and each deletes it (a Delete with its
 * inbound SPI, RFC 2408 §3.15) after {@link #GRACE}, when the peer has seen the collision too. Stateless.
 */
public final class RekeyCollisions {
    /**
     * Pairs for the same traffic installed closer than this collided (never more than a quarter of the
     * soft lifetime): two Quick Modes run side by side finish within a round trip, or a retransmission.
     */
    static final Duration WINDOW = Duration.ofSeconds(3);
    /** How long the redundant pair still accepts: four handovers, time for the peer to see the collision too. */
    static final Duration GRACE = PairLifecycle.HANDOVER.multipliedBy(4);

    /** Both new pairs of a collision: {@code keep} carries the traffic, {@code drop} is deleted. */
    record Resolution(PairRegistry.Entry keep, PairRegistry.Entry drop) {}

    private RekeyCollisions() {}

    /**
     * Whether the peer resolves a collision by the same rule, so that both sides drop the same pair:
     * only another ikd (its vendor ID, {@code IsakmpSa.peerVendor()} "ikd"). Any other peer follows its
     * own: charon takes the newer of two Quick Modes for the same traffic as the rekey of the older
     * ("detected rekeying of CHILD_SA") and stops sending on the older, so dropping the newer by the SPI
     * rule left no pair both sides send on (bench, ikd → charon under a UDP flood). With such a peer the
     * newer pair replaces the older as in an ordinary rekey. Unknown (the ISAKMP SA already gone): the rule applies.
     */
    public static boolean peerResolvesAlike(String peerVendor) {
        return peerVendor == null || peerVendor.equals("ikd");
    }

    /**
     * The collision {@code fresh} makes with one of {@code candidates} (pairs still sending), or null.
     * Two pairs collide when installed within the window and they renew the same pair (both peers
     * rekeyed it), or both renew nothing (both peers acquired at once). A pair that renews the other is
     * an ordinary rekey, however soon it follows: at 300 Mbit/s the default 100,000 KB lifetime lasts
     * less than the window.
     */
    static Resolution of(PairRegistry.Entry fresh, Collection<PairRegistry.Entry> candidates) {
        long soft = fresh.pair().outbound().outermost().lifetime().softSeconds();
        Duration window = soft > 0 && Duration.ofSeconds(soft).dividedBy(4).compareTo(WINDOW) < 0
                ? Duration.ofSeconds(soft).dividedBy(4) : WINDOW;
        PairRegistry.Entry sibling = null;
        for (PairRegistry.Entry other : candidates) {
            if (other.pair().id() == fresh.pair().id() || !other.traffic().equals(fresh.traffic())) continue;
            Duration apart = Duration.between(other.installedAt, fresh.installedAt);
            if (apart.isNegative() || apart.compareTo(window) >= 0 || !renewSame(fresh, other)) continue;
            if (sibling == null || other.pair().id() > sibling.pair().id()) sibling = other;
        }
        if (sibling == null) return null;
        return holdsLowestSpi(fresh.pair(), sibling.pair()) ? new Resolution(sibling, fresh) : new Resolution(fresh, sibling);
    }

    private static boolean renewSame(PairRegistry.Entry fresh, PairRegistry.Entry other) {
        Set<Long> byFresh = new HashSet<>(fresh.renewed);
        byFresh.remove(other.pair().id());
        if (byFresh.isEmpty() && other.renewed.isEmpty()) return true;
        for (Long id : byFresh) if (other.renewed.contains(id)) return true;
        return false;
    }

    /**
     * True when {@code a} holds the lowest of the SPIs of {@code a} and {@code b} (unsigned, RFC 4303 §2.1);
     * on a tie (one peer chose for one pair the value the other chose for the other) the next lowest decides.
     */
    static boolean holdsLowestSpi(IpsecSaPair a, IpsecSaPair b) {
        long[] x = sortedSpis(a);
        long[] y = sortedSpis(b);
        for (int i = 0; i < Math.min(x.length, y.length); i++) if (x[i] != y[i]) return x[i] < y[i];
        return x.length < y.length;
    }

    private static long[] sortedSpis(IpsecSaPair p) {
        return java.util.stream.Stream.concat(p.inbound().sas().stream(), p.outbound().sas().stream())
                .mapToLong(s -> Integer.toUnsignedLong(s.spi().value())).sorted().toArray();
    }
}
