package org.ikd.daemon;

import java.io.IOException;
import java.net.InetAddress;
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
 *     delay, then runs each packet through the data plane again and sends it;
 * <li>a negotiation that failed or took too long: {@link #giveUp} drops the packets, or releases
 *     them in the clear when "fallback to clear" made a soft association.
 * </ol>
 */
final class AcquireQueue {
    private static final Logger log = LoggerFactory.getLogger(AcquireQueue.class);

    record Destination(String rule, InetAddress peer) {}

    /** A destination waiting for its SA. */
    static final class Pending {
        final AcquireRequest request;
        final boolean fallbackToClear;
        final long since;
        final ArrayDeque<byte[]> packets = new ArrayDeque<>();

        Pending(AcquireRequest request, boolean fallbackToClear, long since) {
            this.request = request;
            this.fallbackToClear = fallbackToClear;
            this.since = since;
        }
    }

    private record Batch(List<byte[]> packets, long notBefore) {}

    private final int perDestination;
    private final int maxDestinations;
    private final long releaseDelayNanos;
    private final LongSupplier nanos;
    private final Map<Destination, Pending> pending = new LinkedHashMap<>();      // guarded by this
    private final BlockingQueue<Batch> batches = new ArrayBlockingQueue<>(256);
    final AtomicLong held = new AtomicLong();
    final AtomicLong released = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    AcquireQueue(int perDestination, int maxDestinations, long releaseDelayNanos, LongSupplier nanos) {
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
    synchronized boolean hold(AcquireRequest request, boolean fallbackToClear, PacketBuffer pkt) {
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

    /** An SA pair for {@code rule} with {@code peer} is installed: its waiting packets go out. Never blocks. */
    void release(String rule, InetAddress peer) {
        List<byte[]> out = new ArrayList<>();
        synchronized (this) {
            Pending p = pending.remove(new Destination(rule, peer));
            if (p != null) out.addAll(p.packets);
        }
        handOver(out, releaseDelayNanos);
    }

    /**
     * The destinations that waited too long, removed: those that may fall back to clear after
     * {@code fallbackNanos}, the others after {@code dropNanos}.
     */
    synchronized List<Pending> overdue(long fallbackNanos, long dropNanos) {
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
    synchronized List<Pending> failed(InetAddress peer) {
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
    void giveUp(Pending p, boolean sendAnyway) {
        if (sendAnyway) handOver(new ArrayList<>(p.packets), 0);
        else dropped.addAndGet(p.packets.size());
    }

    synchronized int destinations() {
        return pending.size();
    }

    private void handOver(List<byte[]> packets, long delay) {
        if (packets.isEmpty()) return;
        if (!batches.offer(new Batch(packets, nanos.getAsLong() + delay))) dropped.addAndGet(packets.size());
    }

    /** The release thread's loop: until {@link #close}. */
    void runReleases(DataPlane dp, PacketBuffer pkt, Egress.Port port) {
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
            for (byte[] packet : b.packets()) send(dp, pkt, port, packet);
        }
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
            released.incrementAndGet();
        } catch (IOException e) {
            log.debug("release: socket closed: {}", e.toString());
        }
    }

    void close() {
        closed = true;
    }
}
