package org.ikd.daemon;

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
 * it delivers into the TUN device.
 */
final class EspInUdpPump implements EspInUdpSink, Runnable {
    private static final Logger log = LoggerFactory.getLogger(EspInUdpPump.class);
    private static final int SLOT_BYTES = 9216;

    private static final class Slot {
        final byte[] data = new byte[SLOT_BYTES];
        int length;
    }

    private final BlockingQueue<Slot> free;
    private final BlockingQueue<Slot> full;
    private final DataPlane dp;
    private final PacketBuffer pkt;
    private final TunQueue tun;
    final AtomicLong overflows = new AtomicLong();
    final PumpFaults faults = new PumpFaults("ESP-in-UDP pump", log);
    private volatile boolean closed;

    EspInUdpPump(int slots, DataPlane dp, PacketBuffer pkt, TunQueue tun) {
        this.free = new ArrayBlockingQueue<>(slots);
        this.full = new ArrayBlockingQueue<>(slots);
        for (int i = 0; i < slots; i++) free.add(new Slot());
        this.dp = dp;
        this.pkt = pkt;
        this.tun = tun;
    }

    @Override
    public void receive(ByteBuffer esp, InetSocketAddress local, InetSocketAddress remote) {
        Slot s = esp.remaining() <= SLOT_BYTES ? free.poll() : null;
        if (s == null) {
            overflows.incrementAndGet();
            return;
        }
        s.length = esp.remaining();
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
                free.offer(s);
                try {
                    if (dp.inbound(pkt) == Verdict.DELIVER) tun.write(pkt.array(), pkt.offset(), pkt.length());
                } catch (RuntimeException e) {
                    faults.record(e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.debug("ESP-in-UDP pump stops: {}", e.toString());
        }
    }

    void close() {
        closed = true;
    }
}
