package org.ikd.core.ike;

import org.ikd.core.ike.ipsec.PairState;
import org.ikd.core.ike.ipsec.PairAction;
import org.ikd.core.ike.ipsec.Crossing;
import org.ikd.core.ike.ipsec.DeadPeerAction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.ikd.core.policy.Policy;
import org.ikd.core.sa.Direction;
import org.ikd.core.sa.SaLifetime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves IPsec SA pairs through their {@link PairState}s (the table in docs/architecture.md):
 * <ol>
 * <li>a Quick Mode completes: the pair is installed; the older pairs of its traffic hand over to it
 *     ({@link #HANDOVER} later their outbound side retires), unless it lost a rekey collision
 *     ({@link RekeyCollisions}: then it is redundant and deleted after a grace time);
 * <li>a soft lifetime (time, bytes, sequence numbers) passes: a new Quick Mode for the same traffic
 *     (RFC 2409 §5.5), at once when we keyed the Main Mode, else after {@link #renewalWait};
 * <li>a hard lifetime passes: the pair is deleted with a Delete (RFC 2408 §3.15), or, when it was
 *     sending during a handover, after one more handover for what the peer sent before it switched;
 * <li>a Quick Mode responder's HASH(3) never comes: the pair goes, unless ESP arrived on it.
 * </ol>
 * Driven by the engine (installs, timers, the daemon's lifetime crossings); confined to the IKE event loop.
 */
public final class PairLifecycle {
    private static final Logger log = LoggerFactory.getLogger(PairLifecycle.class);
    /**
     * How long a rekey keeps sending on the old outbound SA after installing the new pair: the Quick
     * Mode responder installs its new inbound SA only when it has processed message 3 (RFC 2409 §5.5),
     * so ESP on the new SPI sent at once could arrive before and be dropped.
     */
    public static final Duration HANDOVER = Duration.ofMillis(500);
    /**
     * How long a Main Mode responder waits, after a soft byte (or sequence) crossing with another ikd,
     * for the initiator's renewal. Both peers count the same bytes (our outbound is its inbound), so both
     * cross together; the initiator renews at once and its Quick Mode arrives within a round trip or a
     * retransmission. Before this wait both renewed and collided (IkdToIkdIT listed 4 pairs).
     */
    public static final Duration BYTE_MARGIN = Duration.ofSeconds(2);
    /** DPD action restart: how often the dead pair's traffic is negotiated again until the peer answers. */
    public static final Duration RESTART_EVERY = Duration.ofSeconds(3);
    /** The least and the most a Quick Mode initiator holds a first pair for a peer that installs on HASH(3) ({@link #hold}). */
    public static final Duration HOLD_FLOOR = Duration.ofMillis(200);
    public static final Duration HOLD_CAP = Duration.ofSeconds(1);

    /** What the machine asks of the engine. */
    public interface Engine {
        /** Negotiates {@code again}: a Quick Mode on an ISAKMP SA with the peer, or a Main Mode first. */
        void renew(AcquireRequest again, Instant now, Step.Builder out);

        /** Deletes the pair, with a Delete to the peer over an ISAKMP SA, a new one if none is established (RFC 2408 §3.15). */
        void delete(long pairId, String why, Instant now, Step.Builder out);

        void publish(IkeEvent e, Step.Builder out);
    }

    private final PairRegistry pairs;
    private final IkeStatistics stats;
    private final Engine engine;
    private final Function<String, DeadPeerAction> deadPeerActions;
    /** DPD action restart: the traffic each dead pair carried, by the dead pair's id, until a new pair carries it. */
    private final Map<Long, AcquireRequest> restarting = new HashMap<>();

    /** {@code deadPeerActions}: each rule's DPD action (null: none). */
    public PairLifecycle(PairRegistry pairs, IkeStatistics stats, Engine engine, Function<String, DeadPeerAction> deadPeerActions) {
        this.pairs = pairs;
        this.stats = stats;
        this.engine = engine;
        this.deadPeerActions = deadPeerActions;
    }

    public PairRegistry registry() {
        return pairs;
    }

    /** Who keyed a fresh pair: the ISAKMP SA's serial, its Main Mode role and the peer's vendor ID description. */
    public record KeyedBy(long serial, boolean mainModeInitiator, String peerVendor, boolean quickModeResponder) {}

    /** A Quick Mode completed (the initiator read QM#2; the responder sent it): install the pair, hand over, resolve. */
    public void established(IkeEvent.QuickModeEstablished q, KeyedBy by, Instant now, Step.Builder out) {
        PairRegistry.Entry fresh = pairs.find(q.pair().id());
        if (fresh == null) return;
        fresh.keyedBy = by.serial();
        fresh.mainModeInitiator = by.mainModeInitiator();
        fresh.peerVendor = by.peerVendor();
        fresh.installedAt = now;
        fresh.state = by.quickModeResponder() ? PairState.UNCONFIRMED : PairState.INSTALLED;
        // what it renews: the older pairs of its traffic still carrying it (a handover not over counts:
        // the pair it hands over from may be the one the peer renewed at the same moment)
        List<PairRegistry.Entry> carrying = new ArrayList<>();
        for (PairRegistry.Entry e : pairs.sameTraffic(fresh)) if (e != fresh && e.state.carrying()) carrying.add(e);
        fresh.renewed = carrying.stream().filter(e -> e.pair().id() < fresh.pair().id()).map(e -> e.pair().id())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        RekeyCollisions.Resolution c = RekeyCollisions.peerResolvesAlike(by.peerVendor()) ? RekeyCollisions.of(fresh, carrying) : null;
        boolean redundant = c != null && c.drop() == fresh;
        List<PairRegistry.Entry> replaced = redundant ? List.of()
                : carrying.stream().filter(e -> e.pair().id() < fresh.pair().id() && e.state.sending()).toList();
        stats.increment(fresh.renewed.isEmpty() ? IkeCounter.KEY_ADDITIONS : IkeCounter.KEY_UPDATES);
        boolean first = fresh.renewed.isEmpty() && !redundant;
        Duration hold = first && !by.quickModeResponder() ? hold(by.peerVendor(), q.quickModeRoundTrip()) : Duration.ZERO;
        out.action(new PairAction.Install(fresh.pair(), fresh.peer(), first, by.serial(), by.mainModeInitiator(), !hold.isZero(),
                by.peerVendor() == null ? "" : by.peerVendor()));
        if (redundant) out.action(new PairAction.RetireOutbound(fresh.pair().id()));
        for (PairRegistry.Entry old : replaced) {
            old.state = PairState.HANDING_OVER;
            out.timer(TimerRequest.schedule(key(old.pair().id(), TimerKey.Kind.PAIR_HANDOVER), now.plus(HANDOVER)));
        }
        if (c != null) redundant(c, now, out);
        if (!hold.isZero()) {
            log.info("SA pair {} of rule '{}': installed inbound; sends in {} ms, when the peer can have installed it",
                    fresh.pair().id(), fresh.rule(), hold.toMillis());
            out.timer(TimerRequest.schedule(key(fresh.pair().id(), TimerKey.Kind.PAIR_SEND), now.plus(hold)));
            return;
        }
        var o = fresh.pair().outbound().outermost();
        out.action(new PairAction.ReleaseHeld(fresh.pair().id(), fresh.rule(), o.destination(), q.quickModeRoundTrip()));
    }

    /**
     * How long the Quick Mode initiator of a first pair (no older pair carries its traffic) keeps it
     * from sending. RFC 2409 §5.5 lets the responder install only when it has processed HASH(3), which
     * we send just before installing: a packet of ours that overtakes its install is dropped
     * ("discarding inbound IP packet due to policy", strongSwan's libipsec; 53-80 ms with modp6144,
     * above 225 ms on a loaded host). Another ikd installs as QM#2 leaves (PairState.UNCONFIRMED),
     * so it gets no hold. Others: three of our Quick Mode round trips (which contain the peer's work on
     * QM#1, no less than its work on HASH(3)), at least {@link #HOLD_FLOOR}, at most {@link #HOLD_CAP}.
     * Meanwhile the traffic waits in the daemon's acquire queue, as during the negotiation.
     */
    static Duration hold(String peerVendor, Duration quickModeRoundTrip) {
        if ("ikd".equals(peerVendor)) return Duration.ZERO;
        Duration triple = quickModeRoundTrip.multipliedBy(3);
        return triple.compareTo(HOLD_FLOOR) < 0 ? HOLD_FLOOR : triple.compareTo(HOLD_CAP) > 0 ? HOLD_CAP : triple;
    }

    /** Both peers renewed the same traffic at once: nobody sends on the redundant pair, and after the grace time it goes. */
    private void redundant(RekeyCollisions.Resolution c, Instant now, Step.Builder out) {
        PairRegistry.Entry drop = c.drop();
        drop.state = PairState.REDUNDANT;
        String why = "rekey collision: pair " + c.keep().pair().id() + " renews the same traffic; pair " + drop.pair().id()
                + " holds the lowest SPI, so both peers drop it";
        log.info("SA pair {} of rule '{}': {}", drop.pair().id(), drop.rule(), why);
        drop.deleteWhy = why;
        out.timer(TimerRequest.schedule(key(drop.pair().id(), TimerKey.Kind.PAIR_DELETE), now.plus(RekeyCollisions.GRACE)));
    }

    /** The Quick Mode responder's HASH(3) arrived (RFC 2409 §5.5): the peer holds the pair. */
    public void confirmed(long pairId) {
        PairRegistry.Entry e = pairs.find(pairId);
        if (e != null && e.state == PairState.UNCONFIRMED) e.state = PairState.INSTALLED;
    }

    /**
     * The responder's Quick Mode gave up waiting for HASH(3). Either the initiator never read QM#2 (it
     * has no pair: ours would stay until its lifetime ends) or only HASH(3) was lost. ESP that arrived
     * on the pair tells them apart: the initiator sends on it, so it is kept.
     */
    public void unconfirmedTimedOut(long pairId, IkeEvent.Progress kept, Instant now, Step.Builder out) {
        PairRegistry.Entry e = pairs.find(pairId);
        if (e == null || e.state != PairState.UNCONFIRMED) return;
        if (pairs.inboundSeen(pairId)) {
            e.state = PairState.INSTALLED;
            engine.publish(kept, out);
            return;
        }
        engine.delete(pairId, "Quick Mode not confirmed: no HASH(3) and no ESP on the pair", now, out);
    }

    /** The data plane saw an SA of {@code pairId} reach a lifetime limit (RFC 4301 §4.4.2.1). */
    public void lifetimeCrossed(long pairId, Crossing kind, Direction direction, Instant now, Step.Builder out) {
        PairRegistry.Entry e = pairs.find(pairId);
        if (e == null) return;
        if (kind.soft()) softCrossed(e, kind, now, out);
        else hardCrossed(e, kind, direction, now, out);
    }

    private void softCrossed(PairRegistry.Entry e, Crossing kind, Instant now, Step.Builder out) {
        if (e.state != PairState.INSTALLED && e.state != PairState.UNCONFIRMED) return;   // renewing, or on its way out
        if (Policy.DEFAULT_RESPONSE.equals(e.rule())) {                // it never initiates: the peer renews, or the pair expires
            log.info("SA pair {} of the default response: {}, not renewed by us (the default response never initiates)",
                    e.pair().id(), kind);
            return;
        }
        e.state = PairState.REKEYING;
        e.rekeyOn = kind;
        Duration wait = renewalWait(e, kind);
        if (wait.isZero()) renew(e, now, out);
        else out.timer(TimerRequest.schedule(key(e.pair().id(), TimerKey.Kind.PAIR_RENEW), now.plus(wait)));
    }

    /**
     * When to renew after a soft crossing. The Main Mode initiator at once. The responder waits, so
     * that both peers do not renew the same pair: on time, half the soft-to-hard margin (both peers
     * hold the same lifetimes); on bytes, {@link #BYTE_MARGIN} with another ikd, which renews at once
     * as initiator, and not at all with any other peer: charon never renews on bytes (it ignores the
     * kilobyte lifetime), so a busy pair would reach its hard limit mid-transfer.
     */
    static Duration renewalWait(PairRegistry.Entry e, Crossing kind) {
        if (e.mainModeInitiator) return Duration.ZERO;
        if (kind != Crossing.SOFT_TIME) return "ikd".equals(e.peerVendor) ? BYTE_MARGIN : Duration.ZERO;
        SaLifetime life = e.pair().outbound().outermost().lifetime();
        return Duration.ofSeconds(Math.max(1, (life.hardSeconds() - life.softSeconds()) / 2));
    }

    /**
     * {@code ikdctl rekey}: a new Quick Mode for the pair now, in either role (the admin asked, so no
     * responder margin); the pair hands over to it as on a soft crossing. False when the pair does
     * not carry its traffic (already renewing or on its way out) or belongs to the default
     * response, which never initiates.
     */
    public boolean rekeyNow(long pairId, Instant now, Step.Builder out) {
        PairRegistry.Entry e = pairs.find(pairId);
        if (e == null || (e.state != PairState.INSTALLED && e.state != PairState.UNCONFIRMED)
                || Policy.DEFAULT_RESPONSE.equals(e.rule())) return false;
        e.state = PairState.REKEYING;
        log.info("SA pair {} of rule '{}': rekey asked by ikdctl -> new Quick Mode", e.pair().id(), e.rule());
        engine.renew(e.again(), now, out);
        return true;
    }

    private void renew(PairRegistry.Entry e, Instant now, Step.Builder out) {
        if (e.state != PairState.REKEYING) return;                  // the peer's renewal was installed meanwhile
        log.info("SA pair {} of rule '{}': {} -> new Quick Mode", e.pair().id(), e.rule(), e.rekeyOn);
        engine.renew(e.again(), now, out);
    }

    private void hardCrossed(PairRegistry.Entry e, Crossing kind, Direction direction, Instant now, Step.Builder out) {
        String why = "hard lifetime reached (" + kind + ")";
        boolean handingOver = e.state == PairState.HANDING_OVER || e.state == PairState.HANDED_OVER || e.state == PairState.REDUNDANT;
        if (direction == Direction.OUTBOUND && handingOver) {
            // the data plane sends on the successor already (DataPlane.handsOver); the inbound side
            // still takes what the peer sent before it switched, for one more handover
            if (e.state != PairState.REDUNDANT) e.state = PairState.HANDED_OVER;
            e.deleteWhy = why;
            out.timer(TimerRequest.schedule(key(e.pair().id(), TimerKey.Kind.PAIR_DELETE), now.plus(HANDOVER)));
            return;
        }
        engine.delete(e.pair().id(), why, now, out);
    }

    /**
     * Dead Peer Detection gave up on the peer (RFC 3706) and {@code gone} were deleted with its ISAKMP SA:
     * each rule's action follows ({@link DeadPeerAction}). {@code progress} makes an Oakley line.
     */
    public void peerDead(List<PairRegistry.Entry> gone, Function<String, IkeEvent> progress, Instant now, Step.Builder out) {
        for (PairRegistry.Entry e : gone) {
            DeadPeerAction action = deadPeerActions.apply(e.rule());
            if (action == DeadPeerAction.CLEAR) {
                out.action(new PairAction.ClearTraffic(e.pair().id(), e.rule(), e.peer()));
            } else if (action == DeadPeerAction.HOLD) {
                engine.publish(progress.apply("DPD action hold: rule '" + e.rule() + "' negotiates again on its next packet to the peer"), out);
            } else if (action == DeadPeerAction.RESTART && !restarting.containsValue(e.again())) {
                restarting.put(e.pair().id(), e.again());
                engine.publish(progress.apply("DPD action restart: negotiating rule '" + e.rule() + "' again until the peer answers"), out);
                restart(e.pair().id(), now, out);
            }
        }
    }

    /** Negotiates a dead pair's traffic again, unless a new pair carries it or its rule's action changed. */
    private void restart(long deadPair, Instant now, Step.Builder out) {
        AcquireRequest again = restarting.get(deadPair);
        if (again == null) return;
        boolean back = pairs.all().stream().anyMatch(p -> p.state.sending() && p.again().equals(again));
        if (back || deadPeerActions.apply(again.ruleName()) != DeadPeerAction.RESTART) {
            restarting.remove(deadPair);
            return;
        }
        engine.renew(again, now, out);
        out.timer(TimerRequest.schedule(key(deadPair, TimerKey.Kind.PAIR_RESTART), now.plus(RESTART_EVERY)));
    }

    /** A pair timer fired ({@link TimerKey#sa()} is the pair's id). */
    public void timerFired(TimerKey key, Instant now, Step.Builder out) {
        if (key.kind() == TimerKey.Kind.PAIR_RESTART) {
            restart(key.sa(), now, out);
            return;
        }
        PairRegistry.Entry e = pairs.find(key.sa());
        if (e == null) return;                                       // deleted; the timer raced the cancel
        switch (key.kind()) {
            case PAIR_RENEW -> renew(e, now, out);
            case PAIR_HANDOVER -> {
                if (e.state == PairState.HANDING_OVER) e.state = PairState.HANDED_OVER;
                out.action(new PairAction.RetireOutbound(e.pair().id()));
            }
            case PAIR_DELETE -> engine.delete(e.pair().id(), e.deleteWhy != null ? e.deleteWhy : "retired", now, out);
            case PAIR_SEND -> {
                out.action(new PairAction.StartSending(e.pair().id()));
                var o = e.pair().outbound().outermost();
                out.action(new PairAction.ReleaseHeld(e.pair().id(), e.rule(), o.destination(), Duration.ZERO));
            }
            default -> log.debug("timer {} is no pair timer", key);
        }
    }

    /** The pair is gone (any cause): the data plane removes it, and its timers stop. */
    public static void forgotten(long pairId, Step.Builder out) {
        out.action(new PairAction.Remove(pairId));
        for (TimerKey.Kind k : new TimerKey.Kind[] {TimerKey.Kind.PAIR_RENEW, TimerKey.Kind.PAIR_HANDOVER, TimerKey.Kind.PAIR_DELETE,
                TimerKey.Kind.PAIR_SEND})
            out.timer(TimerRequest.cancel(key(pairId, k)));
    }

    public static boolean isPairTimer(TimerKey key) {
        return key.kind() == TimerKey.Kind.PAIR_RENEW || key.kind() == TimerKey.Kind.PAIR_HANDOVER
                || key.kind() == TimerKey.Kind.PAIR_DELETE || key.kind() == TimerKey.Kind.PAIR_RESTART
                || key.kind() == TimerKey.Kind.PAIR_SEND;
    }

    static TimerKey key(long pairId, TimerKey.Kind kind) {
        return new TimerKey(pairId, kind, 0);
    }
}
