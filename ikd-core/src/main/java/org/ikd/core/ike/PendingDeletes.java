package org.ikd.core.ike;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.policy.AddressText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes of IPsec SA pairs that no ISAKMP SA can carry (issue 15). RFC 2408 §3.15 and RFC 2409 §5.7
 * send a Delete only in an Informational protected by an ISAKMP SA; with master-key PFS (RFC 2409
 * §5.5) each ISAKMP SA keys one Quick Mode and is deleted at once ({@link IsakmpRenewal}), so when its
 * pair goes there is none, and the peer would keep its SAs until they expire. As Windows does:
 * <ol>
 * <li>The pair is forgotten at once by {@link SaDeletes} (the data plane removes it); its Delete waits
 *     in its peer's queue, at most {@link #PER_PEER} of them, for at most {@link #PEERS} peers.
 * <li>A Main Mode we run with the peer already (for an acquire, or for an earlier Delete) carries the
 *     queue; otherwise a new one starts under the pair's rule and its authentication, with no Quick Mode
 *     queued on it and without INITIAL-CONTACT (RFC 2407 §4.6.3.3: the peer must keep its other SAs).
 * <li>That Main Mode is established: an Informational per deleted SA, naming our inbound SPI; then, if
 *     we started it for the Deletes and no acquire waits for it, its own Delete (one short-lived ISAKMP SA),
 *     before it could supersede another SA with the peer.
 * <li>It fails (gone before it was established): the Deletes are dropped, and the Oakley log says so.
 * </ol>
 * Confined to the IKE event loop.
 */
final class PendingDeletes {
    private static final Logger log = LoggerFactory.getLogger(PendingDeletes.class);
    /** Deletes waiting for one peer's Main Mode; a flood of deletions (a reload) beyond it is not sent. */
    static final int PER_PEER = 64;
    /** Peers with Deletes waiting; a Main Mode each, so as many as UnknownSpis lets start in a few minutes. */
    static final int PEERS = 1024;

    /** Starts a Main Mode for {@code acquire} with nothing queued on it. */
    interface Initiator {
        IsakmpSa initiate(AcquireRequest acquire, Instant now, Step.Builder out);
    }

    /** What the engine does for this class. */
    interface Engine extends Initiator {
        /** Deletes the established {@code sa} with a Delete payload, leaving the IPsec SAs alone. */
        void delete(IsakmpSa sa, String why, Step.Builder out);

        void publish(IkeEvent e, Step.Builder out);
    }

    /** The Deletes waiting for Main Mode {@code carrier}; {@code own}: started for them alone. */
    private record Queue(IsakmpSa carrier, boolean own, List<PairRegistry.Entry> pairs) {}

    private final SaTable table;
    private final ExchangeFactory exchanges;
    private final Entropy entropy;
    private final int port;
    private final Engine engine;
    private final Map<InetAddress, Queue> byPeer = new HashMap<>();

    PendingDeletes(SaTable table, ExchangeFactory exchanges, Entropy entropy, int isakmpPort, Engine engine) {
        this.table = table;
        this.port = isakmpPort;
        this.exchanges = exchanges;
        this.entropy = entropy;
        this.engine = engine;
    }

    /** Queues the Delete of {@code e}, which no established ISAKMP SA with its peer can carry; starts a Main Mode for it. */
    void queue(PairRegistry.Entry e, Instant now, Step.Builder out) {
        Queue q = byPeer.get(e.peer());
        if (q != null) {
            if (q.pairs().size() >= PER_PEER) {
                notSent(e, PER_PEER + " Deletes already wait for Main Mode #" + q.carrier().serial(), out);
                return;
            }
            q.pairs().add(e);
            say(q.carrier(), "no ISAKMP SA with " + AddressText.of(e.peer()) + " to carry the Delete of SA pair " + e.pair().id()
                    + ": it waits for Main Mode #" + q.carrier().serial(), out);
            return;
        }
        if (byPeer.size() >= PEERS) {
            notSent(e, "Deletes already wait for " + PEERS + " peers", out);
            return;
        }
        IsakmpSa running = table.initiatingWith(e.peer());
        q = running != null ? new Queue(running, false, new ArrayList<>()) : start(e, now, out);
        if (q == null) return;
        q.pairs().add(e);
        byPeer.put(e.peer(), q);
        say(q.carrier(), "no ISAKMP SA with " + AddressText.of(e.peer()) + " to carry the Delete of SA pair " + e.pair().id()
                + " (master-key PFS, or it expired): " + (q.own() ? "new" : "running") + " Main Mode #" + q.carrier().serial()
                + " under rule '" + e.rule() + "' carries it (RFC 2409 §5.7)", out);
    }

    private Queue start(PairRegistry.Entry e, Instant now, Step.Builder out) {
        var o = e.pair().outbound().outermost();
        AcquireRequest acquire = new AcquireRequest(e.rule(), o.selector(), o.source(), e.peer());
        try {
            IsakmpSa sa = engine.initiate(acquire, now, out);
            sa.withholdInitialContact();                  // read at MM#5: the peer keeps its other SAs with us
            return new Queue(sa, true, new ArrayList<>());
        } catch (RuntimeException ex) {                   // the rule is gone, or never initiates (the default response)
            notSent(e, "could not start a Main Mode under rule '" + e.rule() + "': " + ex.getMessage(), out);
            return null;
        }
    }

    /**
     * {@code sa} was just established, before the engine starts its Quick Modes or lets it supersede older
     * SAs ({@link IsakmpRenewal#established}): the Deletes waiting for it go, and so does {@code sa} if it was
     * only theirs (an acquire queued on it meanwhile keeps it).
     */
    void established(IsakmpSa sa, Step.Builder out) {
        Queue q = byPeer.get(sa.remote().getAddress());
        if (q == null || q.carrier() != sa) return;
        byPeer.remove(sa.remote().getAddress());
        int sent = 0;
        for (PairRegistry.Entry e : q.pairs()) {
            try {
                for (Bytes m : exchanges.deleteIpsec(sa, sa.newMessageId(entropy), e.pair())) out.send(sa.datagram(m));
                sent++;
            } catch (RuntimeException ex) {
                log.warn("could not build the Delete for IPsec SA pair {}", e.pair().id(), ex);
            }
        }
        boolean retire = q.own() && sa.pendingAcquires.isEmpty() && !quickModeRunning(sa);
        say(sa, "Delete of " + sent + " SA pair(s) " + ids(q.pairs()) + " sent through "
                + (q.own() ? "a new" : "the") + " Main Mode #" + sa.serial() + (retire ? ", which is deleted now" : ""), out);
        if (retire) engine.delete(sa, "it carried the Deletes of SA pairs no ISAKMP SA protected (master-key PFS)", out);
    }

    /** {@code sa} left the table: if Deletes still waited for it, they are not sent. */
    void removed(IsakmpSa sa, Step.Builder out) {
        Queue q = byPeer.get(sa.remote().getAddress());
        if (q == null || q.carrier() != sa) return;
        byPeer.remove(sa.remote().getAddress());
        say(sa, "no Delete sent for SA pair(s) " + ids(q.pairs()) + ": Main Mode #" + sa.serial() + " to carry them failed ("
                + sa.deleteReason() + "); the peer keeps those SAs until they expire", out);
    }

    private static boolean quickModeRunning(IsakmpSa sa) {
        for (ExchangeSlot slot : sa.slots.values())
            if (!slot.finished && slot.exchange.phase() == IkeEvent.Phase.QUICK_MODE) return true;
        return false;
    }

    private void notSent(PairRegistry.Entry e, String why, Step.Builder out) {
        engine.publish(new IkeEvent.Progress(null, new InetSocketAddress(e.peer(), port),           // no ISAKMP SA: no cookies
                "no Delete sent for SA pair " + e.pair().id() + ": " + why + "; the peer keeps its SA until it expires"), out);
    }

    private void say(IsakmpSa sa, String text, Step.Builder out) {
        engine.publish(new IkeEvent.Progress(sa.cookies(), sa.remote(), text), out);
    }

    private static String ids(List<PairRegistry.Entry> pairs) {
        return pairs.stream().map(e -> String.valueOf(e.pair().id())).toList().toString();
    }
}
