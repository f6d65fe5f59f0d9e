package org.ikd.daemon.datapath;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.sa.IpsecSaPair;
import org.ikd.core.sa.IpsecSaSpec;
import org.ikd.core.sa.NatTraversal;

/**
 * Where a peer behind a NAT is now (RFC 3948 §2, RFC 3947 §4). Its SAs were negotiated with the
 * address and port its NAT showed then; when the NAT re-maps it (the mapping expired, the NAT
 * rebooted, its conntrack table was flushed), the next packet it sends comes from a new port. Like
 * charon, ikd follows the peer on an authenticated packet only: ESP-in-UDP that the data plane
 * delivered ({@link #delivered}), or an IKE message its exchange accepted ({@link IkeEvent.PeerMoved}).
 * NAT-keepalives are not authenticated and only refresh the NAT. Egress asks {@link #current} where
 * to send; the IKE engine is told through {@code tellIke} so that IKE follows too.
 *
 * <p>{@link #delivered} runs on the ESP-in-UDP pump thread, {@link #accept} on the IKE event loop,
 * {@link #current} on every pump: the maps are concurrent, moves are serialised.
 */
public final class NatMappings implements Consumer<IkeEvent> {
    /** A peer's NAT mapping moved from {@code from} to {@code to}. */
    public record Move(InetSocketAddress from, InetSocketAddress to) {}

    private static final int MAX_REMEMBERED_SPIS = 4096;
    /** The installed pairs, as the daemon keeps them (read, never changed, here). */
    private final Supplier<? extends Collection<IpsecSaPair>> installed;
    private final Consumer<Move> tellIke;
    /** Inbound SPI to the peer's endpoint as negotiated (learned from the installed pairs on first use). */
    private final Map<Integer, InetSocketAddress> negotiatedBySpi = new ConcurrentHashMap<>();
    /** Negotiated endpoint to where the peer is now, for the endpoints that moved. */
    private final Map<InetSocketAddress, InetSocketAddress> moved = new ConcurrentHashMap<>();
    private volatile int generation;

    public NatMappings(Supplier<? extends Collection<IpsecSaPair>> installed, Consumer<Move> tellIke) {
        this.installed = installed;
        this.tellIke = tellIke;
    }

    /** Where to send UDP-encapsulated ESP negotiated with {@code negotiated}. */
    InetSocketAddress current(InetSocketAddress negotiated) {
        return moved.getOrDefault(negotiated, negotiated);
    }

    /** Changes whenever a mapping moves: senders that cache {@link #current} look again. */
    int generation() {
        return generation;
    }

    /** The data plane delivered ESP-in-UDP of inbound SA {@code spi} that came from {@code from}. */
    void delivered(int spi, InetSocketAddress from) {
        InetSocketAddress negotiated = negotiatedBySpi.get(spi);
        if (negotiated == null && (negotiated = negotiatedEndpoint(spi)) == null) return;
        InetSocketAddress now = current(negotiated);
        if (now.equals(from)) return;
        move(now, from);
        tellIke.accept(new Move(now, from));
    }

    /** IKE followed the peer on an authenticated message: ESP follows too. */
    @Override
    public void accept(IkeEvent e) {
        if (e instanceof IkeEvent.PeerMoved m) move(m.from(), m.to());
    }

    private InetSocketAddress negotiatedEndpoint(int spi) {
        for (IpsecSaPair pair : installed.get()) {
            IpsecSaSpec in = pair.inbound().outermost();
            NatTraversal nat = in.natTraversal();
            if (in.spi().value() != spi || nat == null) continue;
            if (negotiatedBySpi.size() >= MAX_REMEMBERED_SPIS) negotiatedBySpi.clear();   // rekeys leave old SPIs behind
            InetSocketAddress endpoint = new InetSocketAddress(in.source(), nat.remotePort());
            negotiatedBySpi.put(spi, endpoint);
            return endpoint;
        }
        return null;
    }

    /** Every installed NAT-T pair whose peer is now at {@code from} goes to {@code to}. */
    private synchronized void move(InetSocketAddress from, InetSocketAddress to) {
        if (from.equals(to)) return;
        java.util.Set<InetSocketAddress> live = new java.util.HashSet<>();
        for (IpsecSaPair pair : installed.get()) {
            IpsecSaSpec out = pair.outbound().outermost();
            NatTraversal nat = out.natTraversal();
            if (nat == null) continue;
            InetSocketAddress negotiated = new InetSocketAddress(out.destination(), nat.remotePort());
            live.add(negotiated);
            if (!current(negotiated).equals(from)) continue;
            if (negotiated.equals(to)) moved.remove(negotiated);
            else moved.put(negotiated, to);
        }
        moved.keySet().retainAll(live);                  // pairs that are gone
        generation++;
    }
}
