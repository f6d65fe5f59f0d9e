package org.ikd.core.ike;

import org.ikd.core.ike.PairRegistry;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.ikd.core.policy.Policy;
import org.ikd.core.sa.IpsecSaPair;

/**
 * Keeps ISAKMP SAs in use alive and within their Quick Mode limit. IKEv1 has no ISAKMP SA rekey
 * (RFC 2409 §4: phase 1 is simply negotiated again); IPsec SAs do not belong to the ISAKMP SA that
 * keyed them, so a new Main Mode beside the old one renews it without touching them.
 * <ol>
 * <li>Established: older SAs with the same peer (same identity behind a NAT, RFC 3947 §6) are
 *     superseded, no new Quick Mode starts on them; the soft point is armed ({@link PhaseOneRenewal}).
 * <li>Soft point: if no newer SA with the peer exists and IPsec SAs with it (or acquires) need one,
 *     a new Main Mode starts, without INITIAL-CONTACT and with no acquire queued on it. An idle SA
 *     just expires, and so does one that protects only pairs of the default response (it never initiates). The old SA is deleted (Delete payload) at its expiry, as charon does at over_time.
 * <li>Quick Mode limit (master-key PFS: 1): a spent SA keys no more Quick Modes; the next acquire
 *     makes a new Main Mode, and the spent SA is deleted once no Quick Mode of it is running.
 * </ol>
 * Confined to the IKE event loop.
 */
final class IsakmpRenewal {
    /** What the renewal asks of the engine. */
    interface Engine {
        /** Starts a Main Mode for {@code acquire}; queues nothing on it. */
        IsakmpSa initiate(AcquireRequest acquire, Instant now, Step.Builder out);

        /** Deletes {@code sa} with a Delete payload, leaving the IPsec SAs alone. */
        void delete(IsakmpSa sa, String why, Step.Builder out);
    }

    private final PhaseOneRenewal settings;
    private final SaTable table;
    private final PairRegistry ipsecSas;
    private final SaLifecycle lifecycle;
    private final Engine engine;

    IsakmpRenewal(PhaseOneRenewal settings, SaTable table, PairRegistry ipsecSas, SaLifecycle lifecycle,
                  Engine engine) {
        this.settings = settings;
        this.table = table;
        this.ipsecSas = ipsecSas;
        this.lifecycle = lifecycle;
        this.engine = engine;
    }

    /** {@code sa} was just established: it supersedes older SAs with its peer and gets its soft point. */
    void established(IsakmpSa sa, Instant now, Step.Builder out) {
        for (IsakmpSa old : table.withPeer(sa.remote().getAddress())) {
            if (old == sa || old.serial() > sa.serial() || old.state() != IsakmpSa.State.ESTABLISHED || old.superseded()) continue;
            if (sa.natTraversal() && !Objects.equals(old.peerId(), sa.peerId())) continue;
            if (!sameProof(old, sa)) continue;            // authenticated for other rules: it keys their Quick Modes
            old.supersede();
            out.timer(TimerRequest.cancel(SaLifecycle.key(old, TimerKey.Kind.RENEWAL)));
            lifecycle.publish(new IkeEvent.Progress(old.cookies(), old.remote(), "ISAKMP SA #" + old.serial()
                    + " superseded by #" + sa.serial() + ": its IPsec SAs carry on, it is deleted at its expiry"), out);
        }
        if (sa.expiresAt() != null) out.timer(TimerRequest.schedule(SaLifecycle.key(sa, TimerKey.Kind.RENEWAL), softPoint(sa, now)));
    }

    private static boolean sameProof(IsakmpSa a, IsakmpSa b) {
        return a.authentication() == null || b.authentication() == null || a.authentication().sameProof(b.authentication());
    }

    /**
     * The initiator's soft point: {@code softPercent} of the lifetime less a random jitter; the
     * responder's lies half-way from there to the expiry, so that the initiator renews first.
     */
    Instant softPoint(IsakmpSa sa, Instant now) {
        long life = Math.max(0, Duration.between(now, sa.expiresAt()).toMillis());
        long maxJitter = life * settings.jitterPercent() / 100;
        // The cookies are random (RFC 2408 §2.5.3): they spread the soft points without drawing more entropy.
        long jitter = maxJitter == 0 ? 0 : Math.floorMod(sa.cookies().initiator() ^ sa.cookies().responder(), maxJitter + 1);
        Instant soft = now.plusMillis(life * settings.softPercent() / 100 - jitter);
        if (sa.role() == IsakmpSa.Role.INITIATOR) return soft;
        return soft.plusMillis(Duration.between(soft, sa.expiresAt()).toMillis() / 2);
    }

    /** The soft point of {@code sa} came. */
    void softPointReached(IsakmpSa sa, Instant now, Step.Builder out) {
        if (!sa.usable() || !table.newerThan(sa).isEmpty()) return;
        InetAddress peer = sa.remote().getAddress();
        List<PairRegistry.Entry> pairs = ipsecSas.withPeer(peer);
        if (pairs.isEmpty()) {
            lifecycle.publish(new IkeEvent.Progress(sa.cookies(), sa.remote(), "ISAKMP SA #" + sa.serial()
                    + " protects no IPsec SA: not renewed, it expires at " + sa.expiresAt()), out);
            return;
        }
        IpsecSaPair p = pairs.stream().map(PairRegistry.Entry::pair).filter(x -> !Policy.DEFAULT_RESPONSE.equals(x.ruleName()))
                .findFirst().orElse(null);
        if (p == null) {                                  // the default response never initiates: its peer renews
            lifecycle.publish(new IkeEvent.Progress(sa.cookies(), sa.remote(), "ISAKMP SA #" + sa.serial() + " protects only pairs of the "
                    + Policy.DEFAULT_RESPONSE + ", which never initiates: not renewed, it expires at " + sa.expiresAt()), out);
            return;
        }
        AcquireRequest again = new AcquireRequest(p.ruleName(), p.outbound().outermost().selector(), sa.local().getAddress(), peer);
        try {
            IsakmpSa fresh = engine.initiate(again, now, out);
            lifecycle.publish(new IkeEvent.Progress(sa.cookies(), sa.remote(), "ISAKMP SA #" + sa.serial() + " protects "
                    + pairs.size() + " IPsec SA pair(s) and expires at " + sa.expiresAt() + ": new Main Mode #" + fresh.serial()), out);
        } catch (RuntimeException e) {
            lifecycle.publish(new IkeEvent.NegotiationFailed(IkeEvent.Phase.MAIN_MODE, IkeEvent.FailurePoint.ME, sa.remote(),
                    "could not renew ISAKMP SA #" + sa.serial() + ": " + e.getMessage(), lifecycle.facts(sa, null, now),
                    IkeEvent.FailureKind.NEGOTIATION, null, null, null), out);
        }
    }

    /** Deletes {@code sa} if its Quick Mode limit is reached and none of its Quick Modes is still running. */
    void retireIfSpent(IsakmpSa sa, Step.Builder out) {
        if (sa.state() != IsakmpSa.State.ESTABLISHED || !sa.spent()) return;
        for (ExchangeSlot slot : sa.slots.values())
            if (!slot.finished && slot.exchange.phase() == IkeEvent.Phase.QUICK_MODE) return;
        engine.delete(sa, sa.budget().limit() == 1 ? "master-key PFS or a Quick Mode limit of 1: its Quick Mode is done"
                : "its Quick Mode limit of " + sa.budget().limit() + " is reached", out);
    }
}
