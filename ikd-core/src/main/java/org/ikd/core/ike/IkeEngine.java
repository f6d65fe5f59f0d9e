package org.ikd.core.ike;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.error.IsakmpException;
import org.ikd.core.policy.AddressText;
import org.ikd.core.ike.ipsec.Crossing;
import org.ikd.core.ike.PairLifecycle;
import org.ikd.core.ike.PairRegistry;
import org.ikd.core.sa.Direction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sans-I/O IKEv1 engine (DESIGN.md "One inbound IKE message"): datagrams, acquires, deletes and
 * timer firings in; {@link Step}s out. Confined to the IKE event loop: no locks.
 *
 * <ol>
 * <li>Read the fixed header (RFC 2408 §3.1) and find the ISAKMP SA by its cookies; a first Main Mode
 *     message makes a new responder SA, under the half-open limit ({@link UnsupportedExchanges} answers others).
 * <li>A byte-exact duplicate gets the answer we already sent; anything else goes to the exchange
 *     under its message ID (a new one for a new ID).
 * <li>Whatever a datagram does wrong stays with that datagram: it is dropped, counted as an Invalid
 *     Packet under its notify type (or Invalid Cookie), or as an Internal Error when ikd failed, and
 *     reported in one event ({@link InboundFailures}). No exception leaves {@link #receive}.
 * </ol>
 */
public final class IkeEngine implements IkeProtocol {
    private static final Logger log = LoggerFactory.getLogger(IkeEngine.class);

    private final IkeConfig config;
    private final ExchangeFactory exchanges;
    private final Entropy entropy;
    private final IkeStatistics stats;
    private final PairRegistry ipsecSas;
    private final SaTable table = new SaTable();
    private final SaLifecycle lifecycle;
    private final ExchangeRunner runner;
    private final FragmentReassembler fragments;
    private final IsakmpRenewal renewal;
    private final UnsupportedExchanges unsupported;
    private final UnknownSpis unknownSpis;
    private final InboundFailures failures;
    private final PairLifecycle pairs;
    private final SaDeletes deletes;
    private long nextSerial = 1;

    /** An engine with its own SA registry and an SPI allocator that knows of no other SAD. */
    public IkeEngine(IkeConfig config, ExchangeFactory exchanges, Entropy entropy, IkeStatistics stats) {
        this(config, exchanges, entropy, stats, new PairRegistry(new SpiAllocator(entropy, spi -> false)));
    }

    /** {@code ipsecSas} is shared with the exchanges (they add the pairs they negotiate). */
    public IkeEngine(IkeConfig config, ExchangeFactory exchanges, Entropy entropy, IkeStatistics stats,
                     PairRegistry ipsecSas) {
        this(config, exchanges, entropy, stats, ipsecSas, peer -> null);
    }

    /** {@code liveness} gives DPD and NAT keepalive settings per peer (null: the defaults of {@code config}). */
    public IkeEngine(IkeConfig config, ExchangeFactory exchanges, Entropy entropy, IkeStatistics stats,
                     PairRegistry ipsecSas, PeerLiveness.Source liveness) {
        this.ipsecSas = ipsecSas;
        this.config = config;
        this.exchanges = exchanges;
        this.entropy = entropy;
        this.stats = stats;
        this.lifecycle = new SaLifecycle(config, stats, table, this::established, liveness, exchanges::ruleFor);
        this.pairs = new PairLifecycle(ipsecSas, stats, new PairLifecycle.Engine() {
            @Override
            public void renew(AcquireRequest again, Instant now, Step.Builder out) {
                stats.increment(IkeCounter.TOTAL_ACQUIRE);
                try {
                    dispatch(again, now, out);
                } catch (RuntimeException e) {
                    acquireFailed(again, e, out);
                }
            }

            @Override
            public void delete(long pairId, String why, Instant now, Step.Builder out) {
                deletes.delete(pairId, why, now, out);
            }

            @Override
            public void publish(IkeEvent e, Step.Builder out) {
                lifecycle.publish(e, out);
            }
        }, rule -> liveness.deadPeerAction(rule));
        this.deletes = new SaDeletes(config, table, ipsecSas, exchanges, entropy, lifecycle, pairs, (a, t, o) -> newMainMode(a, false, t, o));
        this.runner = new ExchangeRunner(config, stats, lifecycle, pairs);
        this.fragments = new FragmentReassembler(config.fragmentation());
        this.unsupported = new UnsupportedExchanges(stats, entropy, exchanges::answersAggressiveMode);
        this.failures = new InboundFailures(stats);
        this.renewal = new IsakmpRenewal(config.renewal(), table, ipsecSas, lifecycle, new IsakmpRenewal.Engine() {
            @Override
            public IsakmpSa initiate(AcquireRequest acquire, Instant now, Step.Builder out) {
                return newMainMode(acquire, true, now, out);
            }

            @Override
            public void delete(IsakmpSa sa, String why, Step.Builder out) {
                deletes.deleteSa(sa, why, IkeEvent.DeletedBy.LOCAL, List.of(), out);
            }
        });
        this.unknownSpis = new UnknownSpis(table, exchanges, entropy, ipsecSas.spis(), (acquire, now, out) -> {
            IsakmpSa sa = newMainMode(acquire, false, now, out);
            lifecycle.queueAcquire(sa, acquire);          // its Quick Mode follows, as for a packet of ours
            return sa;
        });
    }

    /** Counts of IKEv1 fragments received, reassembled into messages and dropped. */
    public FragmentReassembler.Statistics fragmentStatistics() {
        return fragments.statistics();
    }

    public IkeStatistics statistics() { return stats; }

    @Override
    public Step receive(InboundDatagram datagram, Instant now) {
        Step.Builder out = Step.builder();
        try {
            if (!unsupported.answer(datagram, now, out)) route(datagram, now, out);   // Aggressive Mode, IKEv2: a notify
        } catch (RuntimeException e) {         // the one place bad input (and a bug) ends up
            failures.dropped(datagram.remote(), e, out);
        }
        lifecycle.updateGauges();
        return out.build();
    }

    /** Negotiates SAs for {@code acquire}: Quick Mode on an established ISAKMP SA, else Main Mode first. */
    public Step acquire(AcquireRequest acquire, Instant now) {
        Step.Builder out = Step.builder();
        stats.increment(IkeCounter.TOTAL_ACQUIRE);
        try {
            dispatch(acquire, now, out);
        } catch (RuntimeException e) {
            acquireFailed(acquire, e, out);
        }
        lifecycle.updateGauges();
        return out.build();
    }

    /** Quick Mode on the newest usable ISAKMP SA with the peer, else wait for a running Main Mode, else a new one. */
    private void dispatch(AcquireRequest acquire, Instant now, Step.Builder out) {
        IsakmpSa sa = table.establishedWith(acquire.peer(), s -> exchanges.mayKey(s, acquire, now));
        if (sa != null) {
            startQuickMode(sa, acquire, now, out);
        } else if ((sa = table.initiatingWith(acquire.peer())) != null) {
            lifecycle.queueAcquire(sa, acquire);
        } else {
            lifecycle.queueAcquire(newMainMode(acquire, false, now, out), acquire);
        }
    }

    @Override
    public Step timerFired(TimerKey key, Instant now) {
        if (PairLifecycle.isPairTimer(key)) return pairStep(out -> pairs.timerFired(key, now, out));
        IsakmpSa sa = table.bySerial(key.sa());
        if (sa == null) return Step.NONE;                 // its SA is gone; the timer raced the cancel
        Step.Builder out = Step.builder();
        try {
            switch (key.kind()) {
                case RETRANSMIT -> {
                    runner.retransmit(sa, key.messageId(), now, out);
                    renewal.retireIfSpent(sa, out);
                }
                case LINGER -> runner.forget(sa, key.messageId());
                case NEGOTIATION -> lifecycle.negotiationTimedOut(sa, out);
                case EXPIRY -> deletes.deleteSa(sa, "its lifetime ended", IkeEvent.DeletedBy.EXPIRED, List.of(), out);
                case DPD -> deletes.deadPeerDetection(sa, now, out);
                case NAT_KEEPALIVE -> lifecycle.natKeepalive(sa, now, out);
                case RENEWAL -> renewal.softPointReached(sa, now, out);
                default -> log.debug("timer {} has no handler", key);
            }
        } catch (RuntimeException e) {
            log.warn("timer {} of {} failed", key, sa, e);
        }
        lifecycle.updateGauges();
        return out.build();
    }

    /**
     * The data plane saw authenticated ESP-in-UDP from {@code to} where the peer was at {@code from}
     * (a NAT re-mapped it, RFC 3948): every NAT-T ISAKMP SA with {@code from} follows it.
     */
    public Step peerMoved(InetSocketAddress from, InetSocketAddress to) {
        Step.Builder out = Step.builder();
        for (IsakmpSa sa : table.withPeer(from.getAddress())) {
            if (!sa.natTraversal() || !sa.remote().equals(from)) continue;
            sa.peerMoved(to);
            lifecycle.publish(new IkeEvent.Progress(sa.cookies(), to, "NAT mapping changed: peer moved from "
                    + AddressText.of(from.getAddress()) + ":" + from.getPort() + " (authenticated ESP)"), out);
        }
        return out.build();
    }

    /** The data plane dropped ESP from {@code peer} to {@code local} on {@code spi}, an SPI no SA has ({@link UnknownSpis}). */
    public Step unknownSpi(InetAddress peer, InetAddress local, int spi, Instant now) {
        Step.Builder out = Step.builder();
        unknownSpis.received(peer, local, spi, now, out);
        lifecycle.updateGauges();
        return out.build();
    }

    /** Deletes the ISAKMP SA named by {@code cookies} and tells the peer (RFC 2408 §3.15). */
    public Step delete(CookiePair cookies, String why, Instant now) {
        IsakmpSa sa = table.find(cookies);
        if (sa == null) return Step.NONE;
        Step.Builder out = Step.builder();
        deletes.deleteSa(sa, why, IkeEvent.DeletedBy.LOCAL, List.of(), out);
        lifecycle.updateGauges();
        return out.build();
    }

    /**
     * The data plane refused pair {@code pairId} (Windows' Key Addition Failures): counted, and deleted
     * as any other pair, so that the peer stops sending on SAs we do not hold.
     */
    public Step installFailed(long pairId, String why, Instant now) {
        stats.increment(IkeCounter.KEY_ADDITION_FAILURES);
        return deleteIpsecSa(pairId, "the data plane could not install it: " + why, now);
    }

    /** The daemon let {@code acquire}'s traffic pass in the clear after its negotiation failed (a Soft Association). */
    public Step softAssociation(AcquireRequest acquire, Instant now) {
        stats.increment(IkeCounter.SOFT_ASSOCIATIONS);
        return Step.NONE;
    }

    /** Deletes the IPsec SA pair {@code pairId}, telling the peer over an ISAKMP SA, a new one if none is established ({@link PendingDeletes}). */
    public Step deleteIpsecSa(long pairId, String why, Instant now) {
        return pairStep(out -> deletes.delete(pairId, why, now, out));
    }

    /**
     * The data plane saw an SA of pair {@code pairId} reach a lifetime limit (RFC 4301 §4.4.2.1):
     * soft, a renewal; hard, the pair's end ({@link PairLifecycle}).
     */
    public Step lifetimeCrossed(long pairId, Crossing kind, Direction direction, Instant now) {
        return pairStep(out -> pairs.lifetimeCrossed(pairId, kind, direction, now, out));
    }

    /** {@code ikdctl rekey}: renews pair {@code pairId} now ({@link PairLifecycle#rekeyNow}); NONE when it cannot. */
    public Step rekey(long pairId, Instant now) {
        return pairStep(out -> pairs.rekeyNow(pairId, now, out));
    }

    private Step pairStep(java.util.function.Consumer<Step.Builder> work) {
        Step.Builder out = Step.builder();
        try {
            work.accept(out);
        } catch (RuntimeException e) {
            log.warn("IPsec SA pair step failed", e);
        }
        lifecycle.updateGauges();
        return out.build();
    }

    public PairRegistry ipsecSas() { return ipsecSas; }

    public PairLifecycle pairLifecycle() { return pairs; }

    /** Deletes every SA, telling each peer, and cancels every timer: the last step before the transport stops. */
    public Step shutdown(Instant now) {
        Step.Builder out = Step.builder();
        String why = "ikd is shutting down";
        for (IsakmpSa sa : table.all()) {
            List<PairRegistry.Entry> pairs = sa.state() == IsakmpSa.State.ESTABLISHED ? ipsecSas.withPeer(sa.remote().getAddress()) : List.of();
            deletes.deleteSa(sa, why, IkeEvent.DeletedBy.LOCAL, pairs, out);
        }
        for (PairRegistry.Entry e : ipsecSas.all())
            deletes.forget(e, why, IkeEvent.DeletedBy.LOCAL, new InetSocketAddress(e.peer(), config.isakmpPort()), out);
        lifecycle.updateGauges();
        return out.build();
    }

    /** The ISAKMP SAs, for {@code ikdctl}; call on the event loop and do not keep them. */
    public List<IsakmpSa> isakmpSas() {
        return table.all();
    }

    public IsakmpSa find(CookiePair cookies) { return table.find(cookies); }

    private void route(InboundDatagram d, Instant now, Step.Builder out) {
        InboundMessage m = whole(InboundMessage.peek(d), now);      // an IKEv1 header, or refused here
        if (m == null) return;                                      // more fragments to come
        CookiePair c = m.cookies();
        IsakmpSa sa;
        if (!c.responderKnown()) {
            sa = table.halfOpen(c.initiator());
            if (sa == null && m.messageId() == 0) {
                respondToNew(m, now, out);
                return;
            }
            if (sa != null && sa.role() == IsakmpSa.Role.RESPONDER && !sa.remote().getAddress().equals(d.remote().getAddress()))
                throw new IsakmpException(NotifyType.INVALID_COOKIE, "found initiator cookie "
                        + String.format("%016x", c.initiator()) + ", in use by " + AddressText.of(sa.remote().getAddress()));
            if (sa != null && sa.role() == IsakmpSa.Role.INITIATOR && m.messageId() == 0)
                throw new IsakmpException(NotifyType.INVALID_COOKIE, "found our own initiator cookie in a first message (reflected?)");
        } else {
            sa = table.find(c);
            IsakmpSa h = sa == null ? table.halfOpen(c.initiator()) : null;
            if (h != null && h.role() == IsakmpSa.Role.INITIATOR && !h.cookies().responderKnown()) sa = h;
        }
        if (sa == null && table.recentlyRemoved(c)) { log.debug("{}: for ISAKMP SA {}, deleted here already", d.remote(), c); return; }
        if (sa == null) throw new IsakmpException(NotifyType.INVALID_COOKIE, "found cookies " + c + ", expected those of an ISAKMP SA");
        IsakmpSa target = sa;
        runner.deliver(target, false, m, () -> exchanges.respond(target, m), now, out);
        renewal.retireIfSpent(target, out);
    }

    /** {@code m} itself, or when it is a fragment the message it completes (null until then). */
    private InboundMessage whole(InboundMessage m, Instant now) {
        if (!IsakmpFragments.isFragment(m.header())) return m;
        InboundDatagram d = fragments.offer(m.datagram(), now);
        if (d == null) return null;
        InboundMessage whole = InboundMessage.peek(d);
        IsakmpSa known = table.find(whole.cookies());
        if (known != null) known.learned(known.capabilities().fragmenting());   // it fragments: it reassembles too (as strongSwan)
        return whole;
    }

    private void respondToNew(InboundMessage m, Instant now, Step.Builder out) {
        if (table.halfOpenResponders() >= config.halfOpenLimit()) {
            // IKEv1 Main Mode has no cookie exchange: spoofed first messages can fill the table. Refusing
            // newcomers would lock legitimate peers out until the flood's SAs time out (negotiationTimeout);
            // giving up the oldest that never answered instead leaves a peer limit/rate seconds to send its
            // second message, and once it has, all the time its negotiation needs (SaTable.oldestHalfOpenResponder).
            IsakmpSa oldest = table.oldestHalfOpenResponder();
            stats.increment(IkeCounter.RECEIVE_FAILURES);
            out.event(new IkeEvent.PacketDropped(oldest.remote(), "half-open limit of " + config.halfOpenLimit()
                    + " Main Modes reached: the oldest (" + oldest.cookies() + ") gives way to a new one"));
            lifecycle.remove(oldest, out);
        }
        long responder = table.newCookie(entropy);
        IsakmpSa sa = new IsakmpSa(nextSerial++, m.cookies().withResponder(responder), IsakmpSa.Role.RESPONDER,
                m.datagram().local(), m.datagram().remote(), m.datagram().natTraversalPort(), now);
        runner.deliver(sa, true, m, () -> exchanges.respondPhaseOne(sa, m), now, out);
    }

    /**
     * Starts a Main Mode for {@code acquire}'s rule. INITIAL-CONTACT goes only when we hold no SA with
     * the peer (RFC 2407 §4.6.3.3): a renewal or a Main Mode after a spent one must not wipe the
     * peer's IPsec SAs with us.
     */
    private IsakmpSa newMainMode(AcquireRequest acquire, boolean renewing, Instant now, Step.Builder out) {
        IsakmpSa sa = new IsakmpSa(nextSerial++, new CookiePair(table.newCookie(entropy), 0), IsakmpSa.Role.INITIATOR,
                new InetSocketAddress(acquire.local(), config.isakmpPort()),
                new InetSocketAddress(acquire.peer(), config.isakmpPort()), false, now);
        sa.rule(acquire.ruleName());
        if (renewing) sa.markRenewal();
        if (table.anyWith(acquire.peer()) || !ipsecSas.withPeer(acquire.peer()).isEmpty()) sa.withholdInitialContact();
        Exchange mainMode = exchanges.initiatePhaseOne(sa, acquire);
        lifecycle.admit(sa, now, out);
        runner.start(sa, new ExchangeSlot(0, mainMode), now, out);
        return sa;
    }

    private void startQuickMode(IsakmpSa sa, AcquireRequest acquire, Instant now, Step.Builder out) {
        int messageId = sa.newMessageId(entropy);
        Exchange quickMode = exchanges.initiatePhaseTwo(sa, messageId, acquire);
        sa.budget().start();
        runner.start(sa, new ExchangeSlot(messageId, quickMode), now, out);
        renewal.retireIfSpent(sa, out);
    }

    private void established(IsakmpSa sa, Instant now, Step.Builder out) {
        if (sa.takeInitialContact()) deletes.forgetStaleSas(sa, out);
        renewal.established(sa, now, out);
        exchanges.afterPhaseOne(sa, now);
        runner.startFollowUps(sa, now, out);
        startPendingQuickModes(sa, now, out);
    }

    private void startPendingQuickModes(IsakmpSa sa, Instant now, Step.Builder out) {
        for (AcquireRequest acquire : lifecycle.takeAcquires(sa)) {
            try {
                if (sa.usable() && exchanges.mayKey(sa, acquire, now)) startQuickMode(sa, acquire, now, out);
                else dispatch(acquire, now, out);          // spent, or authenticated for another rule: another Main Mode
            } catch (RuntimeException e) {
                acquireFailed(acquire, e, out);
            }
        }
    }

    private void acquireFailed(AcquireRequest acquire, RuntimeException e, Step.Builder out) {
        stats.increment(IkeCounter.ACQUIRE_FAILURES);
        NegotiationFailure f = e instanceof NegotiationFailure n ? n : null;
        InetSocketAddress remote = new InetSocketAddress(acquire.peer(), config.isakmpPort());
        lifecycle.publish(new IkeEvent.NegotiationFailed(f != null ? f.phase() : IkeEvent.Phase.MAIN_MODE, IkeEvent.FailurePoint.ME,
                remote, acquire + " failed: " + InboundFailures.describeAcquireFailure(e),
                IkeEvent.IsakmpSaFacts.between(new InetSocketAddress(acquire.local(), config.isakmpPort()), remote, acquire.ruleName()),
                f != null ? f.kind() : IkeEvent.FailureKind.NEGOTIATION, f != null ? f.notifyType() : null,
                f != null ? f.mismatch() : null, acquire.flow()), out);
    }
}
