package org.ikd.core.ike;

import java.time.Instant;

/**
 * Moves ISAKMP SAs through the table: admits new ones under their negotiation time-out, reacts
 * when an exchange establishes or deletes one, removes them with all their timers, and keeps the
 * counters and gauges. Confined to the IKE event loop.
 */
final class SaLifecycle {
    /** Called when an SA is established, to start the Quick Modes its acquires wait for. */
    interface EstablishedListener {
        void established(IsakmpSa sa, Instant now, Step.Builder out);
    }

    private final IkeConfig config;
    private final IkeStatistics stats;
    private final SaTable table;
    private final EstablishedListener listener;
    private final PeerLiveness.Source liveness;
    private final java.util.function.BiFunction<IsakmpSa, Instant, String> ruleFor;
    private int pendingAcquires;
    /** Told after the engine of each SA established and each SA removed. */
    private PendingDeletes watcher;

    /** {@code ruleFor} names the rule an SA negotiates for ({@link ExchangeFactory#ruleFor}), for its events. */
    SaLifecycle(IkeConfig config, IkeStatistics stats, SaTable table, EstablishedListener listener, PeerLiveness.Source liveness,
                java.util.function.BiFunction<IsakmpSa, Instant, String> ruleFor) {
        this.config = config;
        this.ruleFor = ruleFor;
        this.liveness = liveness;
        this.stats = stats;
        this.table = table;
        this.listener = listener;
    }

    void watch(PendingDeletes w) {
        this.watcher = w;
    }

    void admit(IsakmpSa sa, Instant now, Step.Builder out) {
        table.add(sa);
        out.timer(TimerRequest.schedule(key(sa, TimerKey.Kind.NEGOTIATION), now.plus(config.negotiationTimeout())));
    }

    void learnResponderCookie(IsakmpSa sa, long responder) {
        table.learnResponderCookie(sa, responder);
    }

    /** After an exchange ran on {@code sa}, which was {@code before}: follow its state change. */
    void settle(IsakmpSa sa, boolean established, Instant now, Step.Builder out) {
        if (sa.state() == IsakmpSa.State.DELETED) {
            remove(sa, out);
        } else if (established) {
            table.established(sa);
            stats.increment(IkeCounter.OAKLEY_MAIN_MODES);
            out.timer(TimerRequest.cancel(key(sa, TimerKey.Kind.NEGOTIATION)));
            if (sa.expiresAt() != null) out.timer(TimerRequest.schedule(key(sa, TimerKey.Kind.EXPIRY), sa.expiresAt()));
            if (dpdWanted(sa)) out.timer(TimerRequest.schedule(key(sa, TimerKey.Kind.DPD), now.plus(liveness(sa).dpdDelay())));
            if (sa.behindNat() && sa.natTraversal())
                out.timer(TimerRequest.schedule(key(sa, TimerKey.Kind.NAT_KEEPALIVE), now.plus(liveness(sa).natKeepalive())));
            if (watcher != null) watcher.established(sa, out);   // first: an SA only for Deletes goes before it supersedes any
            if (sa.state() == IsakmpSa.State.ESTABLISHED) listener.established(sa, now, out);
        }
        if (sa.state() == IsakmpSa.State.ESTABLISHED && sa.dpd().takeAnswer() && dpdWanted(sa))
            out.timer(TimerRequest.schedule(key(sa, TimerKey.Kind.DPD), now.plus(liveness(sa).dpdDelay())));
    }

    boolean dpdWanted(IsakmpSa sa) {
        return sa.peerDoesDpd() && liveness(sa).dpd();
    }

    /** The DPD and keepalive settings for {@code sa}'s peer: its rule's, else the engine's defaults. */
    /** RFC 3948 §2.3: keeps the NAT's mapping for UDP 4500 alive, and schedules the next keepalive. */
    void natKeepalive(IsakmpSa sa, Instant now, Step.Builder out) {
        if (sa.state() != IsakmpSa.State.ESTABLISHED || !sa.natTraversal()) return;
        out.send(OutboundDatagram.natKeepalive(sa.local(), sa.remote()));
        out.timer(TimerRequest.schedule(key(sa, TimerKey.Kind.NAT_KEEPALIVE), now.plus(liveness(sa).natKeepalive())));
    }

    PeerLiveness liveness(IsakmpSa sa) {
        PeerLiveness l = liveness.forPeer(sa.remote().getAddress());
        return l != null ? l : PeerLiveness.of(config);
    }

    /** Takes {@code sa} out of the table and cancels its timers; announces the deletion if it was established. */
    void remove(IsakmpSa sa, Step.Builder out) {
        if (table.bySerial(sa.serial()) != sa) return;
        if (sa.state() != IsakmpSa.State.DELETED) sa.delete("removed", IkeEvent.DeletedBy.LOCAL);
        for (ExchangeSlot slot : sa.slots.values()) {
            if (!slot.finished) slot.exchange.abandoned();
            if (slot.awaitingReply) out.timer(TimerRequest.cancel(new TimerKey(sa.serial(), TimerKey.Kind.RETRANSMIT, slot.messageId)));
            if (slot.finished && slot.messageId != 0)
                out.timer(TimerRequest.cancel(new TimerKey(sa.serial(), TimerKey.Kind.LINGER, slot.messageId)));
        }
        for (TimerKey.Kind k : new TimerKey.Kind[] {TimerKey.Kind.NEGOTIATION, TimerKey.Kind.EXPIRY, TimerKey.Kind.DPD,
                TimerKey.Kind.NAT_KEEPALIVE, TimerKey.Kind.RENEWAL})
            out.timer(TimerRequest.cancel(key(sa, k)));
        table.remove(sa, sa.wasEstablished());
        if (sa.remoteAccess() != null) sa.remoteAccess().release();           // the virtual address back to its pool
        sa.followUps.clear();
        if (watcher != null) watcher.removed(sa, out);
        if (sa.protection() != null) sa.protection().destroy();
        if (!sa.pendingAcquires.isEmpty()) {
            stats.add(IkeCounter.ACQUIRE_FAILURES, sa.pendingAcquires.size());
            pendingAcquires -= sa.pendingAcquires.size();
            sa.pendingAcquires.clear();
        }
        if (sa.wasEstablished())
            publish(new IkeEvent.SaDeleted(new IkeEvent.IsakmpSaRef(sa.cookies(), facts(sa, null, sa.created())), sa.deleteReason(),
                    sa.deletedBy()), out);
    }

    /** The NEGOTIATION timer: a Main Mode still running after the negotiation timeout ends, counted as the peer's failure. */
    void negotiationTimedOut(IsakmpSa sa, Step.Builder out) {
        if (sa.state() != IsakmpSa.State.NEGOTIATING) return;
        String reason = "Main Mode not complete after " + config.negotiationTimeout().toSeconds() + " s";
        countFailure(sa, new NegotiationFailure(IkeEvent.Phase.MAIN_MODE, IkeEvent.FailurePoint.PEER, reason,
                false, java.util.List.of()), out);
        sa.delete(reason, IkeEvent.DeletedBy.LOCAL);
        remove(sa, out);
    }

    void countFailure(IsakmpSa sa, NegotiationFailure f, Step.Builder out) {
        if (f.authentication()) stats.increment(IkeCounter.AUTHENTICATION_FAILURES);
        if (f.selectors()) stats.increment(IkeCounter.SELECTORS_REFUSED);
        publish(new IkeEvent.NegotiationFailed(f.phase(), f.point(), sa.remote(), f.getMessage(), facts(sa, f.ruleName(), sa.created()),
                f.kind(), f.notifyType(), f.mismatch(), f.selector()), out);
    }

    /**
     * {@code sa} now, for an event: its rule is {@code rule} when an exchange named one (a Quick Mode's),
     * else the SA's. An authenticated SA keeps the rule found for it; a Main Mode not yet authenticated
     * names the first rule that applies to the peer, as the PSK responder tries them.
     */
    IkeEvent.IsakmpSaFacts facts(IsakmpSa sa, String rule, Instant now) {
        if (sa.rule() == null && sa.authentication() != null) sa.rule(ruleFor.apply(sa, now));
        return IkeEvent.IsakmpSaFacts.of(sa, rule != null ? rule : sa.rule() != null ? sa.rule() : ruleFor.apply(sa, now));
    }

    /** An exchange's event on {@code sa}: the engine fills in what the exchange does not know (serial, rule). */
    void publish(IsakmpSa sa, IkeEvent e, Instant now, Step.Builder out) {
        if (e instanceof IkeEvent.PhaseOneEstablished p) e = p.with(facts(sa, null, now));
        else if (e instanceof IkeEvent.QuickModeEstablished q && q.pair() != null) e = q.with(facts(sa, q.pair().ruleName(), now));
        else if (e instanceof IkeEvent.NegotiationFailed f && f.sa().rule() == null) e = f.with(facts(sa, null, now));
        publish(e, out);
    }

    void publish(IkeEvent e, Step.Builder out) {
        if (e instanceof IkeEvent.QuickModeEstablished) {
            stats.increment(IkeCounter.OAKLEY_QUICK_MODES);
            stats.increment(IkeCounter.QUICK_MODES);
        } else if (e instanceof IkeEvent.SaDeleted d && d.which() instanceof IkeEvent.IpsecSaRef r) {
            stats.add(IkeCounter.QUICK_MODES, -1);
            org.ikd.core.ike.PairLifecycle.forgotten(r.pairId(), out);      // whoever deleted it: the data plane removes it
        } else if (e instanceof IkeEvent.NegotiationFailed f) {
            stats.increment(IkeCounter.NEGOTIATION_FAILURES);
            // the packets that asked for it wait no longer (dropped, or sent clear where their rule falls back)
            if (f.remote() != null) out.action(new org.ikd.core.ike.ipsec.PairAction.AbandonHeld(f.remote().getAddress(), f.reason()));
        } else if (e instanceof IkeEvent.ForeignDeleteIgnored) {
            stats.increment(IkeCounter.FOREIGN_DELETES);
        }
        out.event(e);
    }

    void queueAcquire(IsakmpSa sa, AcquireRequest acquire) {
        if (sa.pendingAcquires.contains(acquire)) return;
        sa.pendingAcquires.add(acquire);
        pendingAcquires++;
    }

    /** Hands over the acquires {@code sa} was waiting for; they are no longer pending. */
    java.util.List<AcquireRequest> takeAcquires(IsakmpSa sa) {
        java.util.List<AcquireRequest> taken = java.util.List.copyOf(sa.pendingAcquires);
        pendingAcquires -= taken.size();
        sa.pendingAcquires.clear();
        return taken;
    }

    /** Brings the gauges up to date (O(1)); called at the end of every engine entry point. */
    void updateGauges() {
        stats.set(IkeCounter.ISADB_LIST_SIZE, table.size());
        stats.set(IkeCounter.MAIN_MODES, table.establishedCount());
        stats.set(IkeCounter.ACTIVE_RECEIVE, table.halfOpenResponders());
        stats.set(IkeCounter.ACTIVE_ACQUIRE, pendingAcquires);
        stats.set(IkeCounter.ACQUIRE_HEAP_SIZE, pendingAcquires);
    }

    static TimerKey key(IsakmpSa sa, TimerKey.Kind kind) {
        return new TimerKey(sa.serial(), kind, 0);
    }
}
