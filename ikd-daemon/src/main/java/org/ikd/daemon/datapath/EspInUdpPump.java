package org.ikd.daemon.datapath;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ikd.core.ike.transport.EspInUdpSink;
import org.ikd.esp.DataPlane;
import org.ikd.esp.PacketBuffer;
import org.ikd.esp.Verdict;
import org.ikd.tun.TunQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ESP that arrives in UDP/4500 (RFC 3948). The IKE transport calls {@link #receive} on its event
 * loop, which must never block: the bytes are copied into a free slot of a fixed pool and handed
 * to this pump's thread ({@code ikd-in-udp}) through a bounded queue; when no slot is free the
 * datagram is dropped and counted. The thread runs each through the data plane and writes what
 * it delivers into the TUN device (TCP segments coalesced while more datagrams are queued, docs/tun.md).
 */
public final class EspInUdpPump implements EspInUdpSink, Runnable {
    private static final Logger log = LoggerFactory.getLogger(EspInUdpPump.class);
    private static final int SLOT_BYTES = 9216;

    private static final class Slot {
        final byte[] data = new byte[SLOT_BYTES];
        int length;
        InetSocketAddress local;
        InetSocketAddress remote;
    }

    private final BlockingQueue<Slot> free;
    private final BlockingQueue<Slot> full;
    private final DataPlane dp;
    private final PacketBuffer pkt;
    private final TunQueue tun;
    final AtomicLong overflows = new AtomicLong();
    final PumpFaults faults = new PumpFaults("ESP-in-UDP pump", log);
    private volatile boolean closed;
    private volatile NatMappings mappings;
    private volatile UnknownSpiReports unknownSpis;
    /** The last SPI and source checked (pump thread only): the common case costs one comparison. */
    private int lastSpi;
    private InetSocketAddress lastFrom;

    public EspInUdpPump(int slots, DataPlane dp, PacketBuffer pkt, TunQueue tun) {
        this.free = new ArrayBlockingQueue<>(slots);
        this.full = new ArrayBlockingQueue<>(slots);
        for (int i = 0; i < slots; i++) free.add(new Slot());
        this.dp = dp;
        this.pkt = pkt;
        this.tun = tun;
    }

    /** Reports the source of every ESP packet delivered, so peers re-mapped by their NAT are followed. */
    public void followNatMappings(NatMappings m) {
        this.mappings = m;
    }

    /** Reports ESP dropped for an unknown SPI, so that IKE can make the peer replace its stale SAs (issue 15). */
    public void reportUnknownSpis(UnknownSpiReports r) {
        this.unknownSpis = r;
    }

    @Override
    public void receive(ByteBuffer esp, InetSocketAddress local, InetSocketAddress remote) {
        Slot s = esp.remaining() <= SLOT_BYTES ? free.poll() : null;
        if (s == null) {
            overflows.incrementAndGet();
            return;
        }
        s.length = esp.remaining();
        s.local = local;
        s.remote = remote;
        esp.duplicate().get(s.data, 0, s.length);
        full.offer(s);                             // cannot fail: slots come from a pool of the same size
    }

    @Override
    public void run() {
        try {
            while (!closed) {
                Slot s = full.poll(200, TimeUnit.MILLISECONDS);
                if (s == null) continue;
                System.arraycopy(s.data, 0, pkt.array(), PacketBuffer.HEADROOM, s.length);
                pkt.loadUdp(s.length);
                InetSocketAddress from = s.remote;
                InetSocketAddress to = s.local;
                int spi = s.length < 4 ? 0 : (s.data[0] & 0xff) << 24 | (s.data[1] & 0xff) << 16 | (s.data[2] & 0xff) << 8 | s.data[3] & 0xff;
                free.offer(s);
                try {
                    if (dp.inbound(pkt) == Verdict.DELIVER) {
                        follow(spi, from);
                        tun.writeCoalescing(pkt.array(), pkt.offset(), pkt.length());
                    } else if (pkt.unknownOutermostSpi()) {
                        unknownSpi(from, to);
                    }
                } catch (RuntimeException e) {
                    faults.record(e);
                }
                if (full.isEmpty()) tun.flush();                 // nothing queued behind: no segment waits
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.debug("ESP-in-UDP pump stops: {}", e.toString());
        }
    }

    /** RFC 3948: authenticated ESP from a new source port means the peer's NAT re-mapped it. */
    private void follow(int spi, InetSocketAddress from) {
        NatMappings m = mappings;
        if (m == null || from == null || (spi == lastSpi && from.equals(lastFrom))) return;
        lastSpi = spi;
        lastFrom = from;
        m.delivered(spi, from);
    }

    private void unknownSpi(InetSocketAddress from, InetSocketAddress to) {
        UnknownSpiReports r = unknownSpis;
        if (r != null && from != null && to != null) r.fromUdp(from.getAddress(), to.getAddress(), pkt.unknownSpi());
    }

    public void close() {
        closed = true;
    }
}
