package org.ikd.core.ike;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.ike.PairLifecycle;
import org.ikd.core.ike.PairRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes SAs. ISAKMP SAs with the IPsec SAs of their peer (one Informational, RFC 2408 §3.15),
 * the stale SAs of a restarted peer (INITIAL-CONTACT), those of a dead one (RFC 3706). IPsec SA pairs: tells the peer over an established ISAKMP SA if there is one (RFC 2408
 * §3.15: a Delete with our inbound SPIs), else through a short-lived Main Mode ({@link PendingDeletes}), forgets the pair and publishes its deletion, which also
 * removes it from the data plane ({@code PairLifecycle.forgotten}). Confined to the IKE event loop.
 */
final class SaDeletes {
    private static final Logger log = LoggerFactory.getLogger(SaDeletes.class);

    private final IkeConfig config;
    private final SaTable table;
    private final PairRegistry pairs;
    private final ExchangeFactory exchanges;
    private final Entropy entropy;
    private final SaLifecycle lifecycle;
    private final PairLifecycle pairLifecycle;
    private final PendingDeletes pending;

    /** {@code initiator} starts the Main Modes that carry Deletes no ISAKMP SA can ({@link PendingDeletes}). */
    SaDeletes(IkeConfig config, SaTable table, PairRegistry pairs, ExchangeFactory exchanges, Entropy entropy, SaLifecycle lifecycle,
              PairLifecycle pairLifecycle, PendingDeletes.Initiator initiator) {
        this.pairLifecycle = pairLifecycle;
        this.config = config;
        this.table = table;
        this.pairs = pairs;
        this.exchanges = exchanges;
        this.entropy = entropy;
        this.lifecycle = lifecycle;
        this.pending = new PendingDeletes(table, exchanges, entropy, config.isakmpPort(), new PendingDeletes.Engine() {
            @Override
            public IsakmpSa initiate(AcquireRequest acquire, Instant now, Step.Builder out) {
                return initiator.initiate(acquire, now, out);
            }

            @Override
            public void delete(IsakmpSa sa, String why, Step.Builder out) {
                deleteSa(sa, why, IkeEvent.DeletedBy.LOCAL, List.of(), out);
            }

            @Override
            public void publish(IkeEvent e, Step.Builder out) {
                lifecycle.publish(e, out);
            }
        });
        lifecycle.watch(pending);
    }

    /**
     * Deletes pair {@code pairId} with a Delete to the peer: over the newest established ISAKMP SA with
     * it, else through a Main Mode of its own ({@link PendingDeletes}); false if there is no such pair.
     */
    boolean delete(long pairId, String why, Instant now, Step.Builder out) {
        PairRegistry.Entry e = pairs.find(pairId);
        if (e == null) return false;
        IsakmpSa sa = table.informingWith(e.peer());
        if (sa != null) {
            try {
                for (Bytes m : exchanges.deleteIpsec(sa, sa.newMessageId(entropy), e.pair())) out.send(sa.datagram(m));
            } catch (RuntimeException ex) {
                log.warn("could not build the Delete for IPsec SA pair {}", pairId, ex);
            }
        }
        forget(e, why, IkeEvent.DeletedBy.LOCAL, sa != null ? sa.remote() : new InetSocketAddress(e.peer(), config.isakmpPort()), out);
        if (sa == null) pending.queue(e, now, out);
        return true;
    }

    /** Forgets the pair without telling the peer, and publishes its deletion. */
    void forget(PairRegistry.Entry e, String why, IkeEvent.DeletedBy by, InetSocketAddress remote, Step.Builder out) {
        if (pairs.remove(e.pair().id()) == null) return;
        lifecycle.publish(new IkeEvent.SaDeleted(IkeEvent.IpsecSaRef.of(e.pair(), remote), why, by), out);
    }

    /**
     * RFC 2407 §4.6.3.3: a peer that sends INITIAL-CONTACT has just started and keeps no SA with us;
     * every other ISAKMP SA and IPsec SA we hold with its address is stale. They go without a Delete
     * (the peer would not know them). Behind a NAT one address may hide several peers, so only SAs of
     * the same identity go then, and IPsec SAs only when no other identity shares the address (RFC 3947 §6).
     */
    void forgetStaleSas(IsakmpSa fresh, Step.Builder out) {
        InetAddress peer = fresh.remote().getAddress();
        String why = "the peer restarted (INITIAL-CONTACT, RFC 2407 §4.6.3.3)";
        boolean shared = false;
        for (IsakmpSa old : table.withPeer(peer)) {
            if (old == fresh) continue;
            if (fresh.natTraversal() && !java.util.Objects.equals(old.peerId(), fresh.peerId())) shared = true;
            else deleteSa(old, why, IkeEvent.DeletedBy.PEER, List.of(), out);
        }
        if (!shared)
            for (PairRegistry.Entry e : pairs.withPeer(peer)) forget(e, why, IkeEvent.DeletedBy.PEER, fresh.remote(), out);
    }

    /** Deletes {@code sa} and the IPsec SA pairs {@code doomed} with its peer, in one Informational when established. */
    void deleteSa(IsakmpSa sa, String why, IkeEvent.DeletedBy by, List<PairRegistry.Entry> doomed, Step.Builder out) {
        if (sa.state() == IsakmpSa.State.ESTABLISHED && by != IkeEvent.DeletedBy.DEAD_PEER && by != IkeEvent.DeletedBy.PEER) {
            try {
                List<org.ikd.core.sa.IpsecSaPair> p = doomed.stream().map(PairRegistry.Entry::pair).toList();
                for (Bytes m : exchanges.deleteAll(sa, sa.newMessageId(entropy), p)) out.send(sa.datagram(m));
            } catch (RuntimeException e) {
                log.warn("could not build the Delete for {}", sa, e);
            }
        }
        for (PairRegistry.Entry e : doomed) forget(e, why, by, sa.remote(), out);
        sa.delete(why, by);
        lifecycle.remove(sa, out);
    }

    /**
     * RFC 3706 §5.5: ask R-U-THERE, again after each retransmission interval while unanswered; when
     * the peer's DPD timeout has passed since its last sign of life (the first unanswered probe went
     * out a delay after it), it is dead with all its SAs.
     */
    void deadPeerDetection(IsakmpSa sa, Instant now, Step.Builder out) {
        if (sa.state() != IsakmpSa.State.ESTABLISHED || !lifecycle.dpdWanted(sa)) return;
        PeerLiveness live = lifecycle.liveness(sa);
        Instant since = sa.dpd().since();
        if (since != null && !now.isBefore(since.minus(live.dpdDelay()).plus(live.dpdTimeout()))) {
            lifecycle.publish(new IkeEvent.PeerDead(sa.remote(), sa.cookies()), out);
            String why = "no R-U-THERE-ACK to " + sa.dpd().outstanding() + " R-U-THERE(s), silent for "
                    + live.dpdTimeout().toMillis() / 1000.0 + " s (RFC 3706)";
            List<PairRegistry.Entry> gone = pairs.withPeer(sa.remote().getAddress());
            deleteSa(sa, why, IkeEvent.DeletedBy.DEAD_PEER, gone, out);
            pairLifecycle.peerDead(gone, text -> new IkeEvent.Progress(sa.cookies(), sa.remote(), text), now, out);
            return;
        }
        int messageId = sa.newMessageId(entropy);
        for (Bytes m : exchanges.dpdProbe(sa, messageId, sa.dpd().next(entropy))) out.send(sa.datagram(m));
        sa.dpd().sent(now);
        Instant retry = now.plus(config.retransmit().delayAfter(sa.dpd().outstanding()));
        Instant deadline = sa.dpd().since().minus(live.dpdDelay()).plus(live.dpdTimeout());
        out.timer(TimerRequest.schedule(SaLifecycle.key(sa, TimerKey.Kind.DPD), retry.isBefore(deadline) ? retry : deadline));
    }
}
