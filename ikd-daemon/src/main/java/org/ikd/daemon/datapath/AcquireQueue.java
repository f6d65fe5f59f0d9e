package org.ikd.daemon.datapath;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.policy.AddressText;
import org.ikd.daemon.log.OakleyLog;
import org.ikd.esp.DataPlane;
import org.ikd.esp.PacketBuffer;
import org.ikd.esp.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Packets that wait for a negotiation (DESIGN.md "One outbound packet"), so that the first ping
 * is answered instead of lost (Windows' "Negotiating IP Security"):
 * <ol>
 * <li>a pump meets ACQUIRE: {@link #hold} copies the packet into the queue of its destination
 *     (rule and peer), bounded per destination and in destinations; the first packet of a
 *     destination asks IKE to negotiate, later ones only wait;
 * <li>IKE installs the SA pair (inbound first, then outbound) and calls {@link #release} on the
 *     event loop, which only hands the batch over (never blocks);
 * <li>the release thread ({@code ikd-acquire-release}, its own pump buffer) waits the release
 *     delay ({@link #releaseDelayNanos}), then runs each packet through the data plane again, sends
 *     it and writes one Oakley line per batch;
 * <li>a negotiation that failed or took too long: {@link #giveUp} drops the packets, or releases
 *     them in the clear when "fallback to clear" made a soft association.
 * </ol>
 */
public final class AcquireQueue {
    private static final Logger log = LoggerFactory.getLogger(AcquireQueue.class);

    record Destination(String rule, InetAddress peer) {}

    /** A destination waiting for its SA. */
    public static final class Pending {
        final AcquireRequest request;
        final boolean fallbackToClear;
        final long since;
        final ArrayDeque<byte[]> packets = new ArrayDeque<>();

        Pending(AcquireRequest request, boolean fallbackToClear, long since) {
            this.request = request;
            this.fallbackToClear = fallbackToClear;
            this.since = since;
        }

        public AcquireRequest request() { return request; }
        public boolean fallbackToClear() { return fallbackToClear; }
        public int packetCount() { return packets.size(); }
    }

    /** Packets that leave together; {@code destination} is null for a give-up (no Oakley line: Fallback writes it). */
    private record Batch(List<byte[]> packets, long notBefore, Destination destination, long delay, Duration roundTrip) {}

    /**
     * Below this the wait is scheduling noise (thread wake-ups, a busy peer event loop). The same for
     * every peer: charon (kernel-libipsec) installs its SAs and route within 1 ms of parsing HASH(3).
     */
    static final long RELEASE_FLOOR_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final int perDestination;
    private final int maxDestinations;
    private final long releaseDelayNanos;
    private final LongSupplier nanos;
    private final OakleyLog oakley = OakleyLog.open(false);
    private final Map<Destination, Pending> pending = new LinkedHashMap<>();      // guarded by this
    private final BlockingQueue<Batch> batches = new ArrayBlockingQueue<>(256);
    final AtomicLong held = new AtomicLong();
    final AtomicLong released = new AtomicLong();
    public final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    public AcquireQueue(int perDestination, int maxDestinations, long releaseDelayNanos, LongSupplier nanos) {
        this.perDestination = perDestination;
        this.maxDestinations = maxDestinations;
        this.releaseDelayNanos = releaseDelayNanos;
        this.nanos = nanos;
    }

    /**
     * Keeps a copy of {@code pkt} for {@code request}'s destination.
     *
     * @return true when the destination is new: the caller asks IKE to acquire
     */
    public synchronized boolean hold(AcquireRequest request, boolean fallbackToClear, PacketBuffer pkt) {
        Destination d = new Destination(request.ruleName(), request.peer());
        Pending p = pending.get(d);
        boolean first = p == null;
        if (first) {
            if (pending.size() >= maxDestinations) {
                dropped.incrementAndGet();
                return false;
            }
            p = new Pending(request, fallbackToClear, nanos.getAsLong());
            pending.put(d, p);
        }
        if (p.packets.size() >= perDestination) {
            dropped.incrementAndGet();
        } else {
            byte[] copy = new byte[pkt.length()];
            System.arraycopy(pkt.array(), pkt.offset(), copy, 0, copy.length);
            p.packets.add(copy);
            held.incrementAndGet();
        }
        return first;
    }

    /**
     * A pair for {@code request}'s destination is installed but held from sending (the Quick Mode
     * initiator waits until the peer can have installed it): packets that come meanwhile wait here
     * too, without a new acquire, until {@link #release}. Never blocks.
     */
    public synchronized void expect(AcquireRequest request) {
        pending.computeIfAbsent(new Destination(request.ruleName(), request.peer()), d -> new Pending(request, false, nanos.getAsLong()));
    }

    /**
     * An SA pair for {@code rule} with {@code peer} is installed: its waiting packets go out after
     * {@link #releaseDelayNanos}. Never blocks.
     *
     * @param quickModeRoundTrip our QM#1 to QM#2 round trip as initiator, zero as responder
     */
    public void release(String rule, InetAddress peer, Duration quickModeRoundTrip) {
        List<byte[]> out = new ArrayList<>();
        Destination d = new Destination(rule, peer);
        synchronized (this) {
            Pending p = pending.remove(d);
            if (p != null) out.addAll(p.packets);
        }
        handOver(out, d, releaseDelayNanos(quickModeRoundTrip), quickModeRoundTrip);
    }

    /**
     * How long released packets wait: 3 × our Quick Mode round trip, at least
     * {@link #RELEASE_FLOOR_NANOS}, at most the configured release delay (which wins over the floor).
     * RFC 2409 §5.5: a responder may install its SAs only when it has processed HASH(3), which we
     * sent just before installing ours. Its work on HASH(3) (check the hash, derive KEYMAT, install)
     * is no more than its work on QM#1 (policy lookup, SPI allocation, KEYMAT, PFS Diffie-Hellman),
     * which the round trip we measured already contains, together with the path both ways; HASH(3)
     * and then our packet take the same path once each. 3 × leaves room for a peer busier than it
     * was a moment ago; the floor covers scheduling noise where the round trip is a millisecond.
     */
    long releaseDelayNanos(Duration quickModeRoundTrip) {
        long triple = quickModeRoundTrip.toNanos() > Long.MAX_VALUE / 3 ? Long.MAX_VALUE : 3 * quickModeRoundTrip.toNanos();
        return Math.min(releaseDelayNanos, Math.max(RELEASE_FLOOR_NANOS, triple));
    }

    /**
     * The destinations that waited too long, removed: those that may fall back to clear after
     * {@code fallbackNanos}, the others after {@code dropNanos}.
     */
    public synchronized List<Pending> overdue(long fallbackNanos, long dropNanos) {
        List<Pending> out = new ArrayList<>();
        long now = nanos.getAsLong();
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            long age = now - p.since;
            if (p.fallbackToClear && age > fallbackNanos || age > dropNanos) {
                out.add(p);
                it.remove();
            }
        }
        return out;
    }

    /** The destinations with {@code peer} (any rule), removed: their negotiation failed. */
    public synchronized List<Pending> failed(InetAddress peer) {
        List<Pending> out = new ArrayList<>();
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.request.peer().equals(peer)) {
                out.add(p);
                it.remove();
            }
        }
        return out;
    }

    /** Ends the wait of {@code p}: its packets go out now (in the clear after a fallback) or are dropped. */
    public void giveUp(Pending p, boolean sendAnyway) {
        if (sendAnyway) handOver(new ArrayList<>(p.packets), null, 0, Duration.ZERO);
        else dropped.addAndGet(p.packets.size());
    }

    synchronized int destinations() {
        return pending.size();
    }

    private void handOver(List<byte[]> packets, Destination d, long delay, Duration roundTrip) {
        if (packets.isEmpty()) return;
        if (!batches.offer(new Batch(packets, nanos.getAsLong() + delay, d, delay, roundTrip))) dropped.addAndGet(packets.size());
    }

    /** The release thread's loop: until {@link #close}. */
    public void runReleases(DataPlane dp, PacketBuffer pkt, Egress.Port port) {
        while (!closed) {
            Batch b;
            try {
                b = batches.poll(200, TimeUnit.MILLISECONDS);
                if (b == null) continue;
                long wait = b.notBefore() - nanos.getAsLong();
                if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                return;
            }
            long sent = released.get();
            for (byte[] packet : b.packets()) send(dp, pkt, port, packet);
            if (b.destination() != null) logRelease(b, released.get() - sent);
        }
    }

    /** E.g. {@code 198.18.0.2 ACQUIRE rule 'to-b': released 1 held packet after 12 ms (3 x Quick Mode round trip 4 ms; floor 10, cap 100)}. */
    private void logRelease(Batch b, long sent) {
        long lost = b.packets().size() - sent;
        oakley.line(AddressText.of(b.destination().peer()), "ACQUIRE", "rule '" + b.destination().rule() + "': released " + sent
                + " held packet" + (sent == 1 ? "" : "s") + (lost > 0 ? " (" + lost + " dropped by the data plane)" : "")
                + " after " + millis(b.delay()) + " ms (" + (b.roundTrip().isZero() ? "responder, no round trip"
                : "3 x Quick Mode round trip " + millis(b.roundTrip().toNanos()) + " ms") + "; floor "
                + millis(RELEASE_FLOOR_NANOS) + ", cap " + millis(releaseDelayNanos) + ")");
    }

    private static String millis(long nanos) {
        return nanos >= 10_000_000 || nanos % 1_000_000 == 0 ? Long.toString(nanos / 1_000_000)
                : String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private void send(DataPlane dp, PacketBuffer pkt, Egress.Port port, byte[] packet) {
        System.arraycopy(packet, 0, pkt.array(), PacketBuffer.HEADROOM, packet.length);
        pkt.loadIp(packet.length);
        try {
            Verdict v = dp.outbound(pkt);
            if (v == Verdict.TRANSMIT) port.transmit(pkt);
            else if (v == Verdict.PASS_CLEAR) port.passClear(pkt);
            else {
                dropped.incrementAndGet();
                return;
            }
            while (pkt.moreFragments())             // cut to fit the path (RFC 4301 §8.1)
                if (dp.nextFragment(pkt) == Verdict.TRANSMIT) port.transmit(pkt);
            released.incrementAndGet();
        } catch (IOException e) {
            log.debug("release: socket closed: {}", e.toString());
        }
    }

    public void close() {
        closed = true;
    }
}
