package org.ikd.daemon.datapath;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import org.ikd.esp.PacketBuffer;

/**
 * Hands ESP that the data plane dropped for an unknown SPI (issue 15) from the inbound pumps to IKE,
 * which decides whether the peer must replace its stale SAs (IkeEngine.unknownSpi). Called on the
 * pump threads ({@code ikd-in-esp}, {@code ikd-in-udp}).
 *
 * <p>A stream, or a flood, of such packets must cost no more than today: per packet one hash of the
 * source address and one read of a slot of {@link #SLOTS} timestamps; only a source whose slot has
 * been quiet for {@link #QUIET_NANOS} goes on, under a global cap of {@link #PER_SECOND} hand-overs a
 * second, and only then are addresses and a task allocated. Sources that share a slot share its quiet
 * second, which only delays one report by a second. IKE applies the real limits (one action per peer
 * per 5 s, 10 a second: UnknownSpis); this only keeps the event loop's queue short.
 */
public final class UnknownSpiReports {
    /** Where reports go: the daemon submits them to the IKE event loop. */
    public interface Sink {
        void unknownSpi(InetAddress peer, InetAddress local, int spi);
    }

    static final int SLOTS = 256;
    static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final int PER_SECOND = 20;

    private final AtomicLongArray lastReport = new AtomicLongArray(SLOTS);
    private final LongSupplier nanos;
    private final Sink ike;
    private long window;            // guarded by this
    private int inWindow;           // guarded by this
    private boolean started;        // guarded by this

    public UnknownSpiReports(LongSupplier nanos, Sink ike) {
        this.nanos = nanos;
        this.ike = ike;
    }

    /** A raw IP packet (protocol 50) dropped with {@link PacketBuffer#unknownOutermostSpi()}. */
    void fromIp(PacketBuffer pkt) {
        byte[] b = pkt.array();
        int o = pkt.offset();
        boolean v4 = (b[o] & 0xf0) == 0x40;
        int src = v4 ? o + 12 : o + 8;
        int len = v4 ? 4 : 16;
        if (!due(hash(b, src, len))) return;
        try {
            ike.unknownSpi(InetAddress.getByAddress(Arrays.copyOfRange(b, src, src + len)),
                    InetAddress.getByAddress(Arrays.copyOfRange(b, src + len, src + 2 * len)), pkt.unknownSpi());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-byte address is refused", e);   // cannot happen
        }
    }

    /** ESP in UDP (RFC 3948) from {@code peer} to our {@code local} address dropped for an unknown SPI. */
    void fromUdp(InetAddress peer, InetAddress local, int spi) {
        if (due(peer.hashCode())) ike.unknownSpi(peer, local, spi);
    }

    private boolean due(int hash) {
        int slot = (hash ^ hash >>> 16) & (SLOTS - 1);
        long now = nanos.getAsLong();
        long last = lastReport.get(slot);
        if (last != 0 && now - last < QUIET_NANOS) return false;
        if (!lastReport.compareAndSet(slot, last, now == 0 ? 1 : now)) return false;    // another pump took it
        return withinGlobalCap(now);
    }

    private synchronized boolean withinGlobalCap(long now) {
        if (!started || now - window >= TimeUnit.SECONDS.toNanos(1)) {
            started = true;
            window = now;
            inWindow = 0;
        }
        return inWindow++ < PER_SECOND;
    }

    private static int hash(byte[] b, int from, int len) {
        int h = 1;
        for (int i = from; i < from + len; i++) h = 31 * h + b[i];
        return h;
    }
}
