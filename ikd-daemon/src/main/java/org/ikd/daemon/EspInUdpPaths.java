package org.ikd.daemon;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.ikd.core.ike.transport.EspInUdpSink;
import org.ikd.core.ike.transport.IkeTransport;
import org.ikd.core.policy.AddressText;
import org.ikd.esp.DataPlane;
import org.ikd.tun.EspInUdpSocket;
import org.ikd.tun.LinkLayer;
import org.ikd.tun.TunQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How ESP in UDP (RFC 3948) enters and leaves the data plane, wired once at start:
 * <ol>
 * <li>the IKE transport binds its NAT-T sockets with SO_REUSEPORT (index 0 of each group);
 * <li>{@link #openSockets} adds, per local address, the data plane's {@link EspInUdpSocket} (index 1), whose
 *     steering program takes every ESP datagram off the IKE event loop; an {@link EspInUdpSocketPump}
 *     reads it, and {@link Egress} sends through it with sendmmsg;
 * <li>where that socket cannot be had (no epoll, an old kernel), ESP stays on the IKE socket, which hands
 *     it to {@link EspInUdpPump} (copied through a bounded queue), and leaves through the transport.
 * </ol>
 * Confined to {@link Daemon}'s start and stop.
 */
final class EspInUdpPaths {
    private static final Logger log = LoggerFactory.getLogger(EspInUdpPaths.class);

    private final DataPlane dp;
    private final TunQueue deliver;
    private final NatMappings mappings;
    private final UnknownSpiReports unknownSpis;
    private final Workers workers;
    private final EspInUdpPump viaIke;
    private final List<EspInUdpSocket> sockets = new ArrayList<>();

    EspInUdpPaths(DataPlane dp, TunQueue deliver, NatMappings mappings, UnknownSpiReports unknownSpis, Workers workers) {
        this.dp = dp;
        this.deliver = deliver;
        this.mappings = mappings;
        this.unknownSpis = unknownSpis;
        this.workers = workers;
        this.viaIke = new EspInUdpPump(256, dp, dp.newPacketBuffer(), deliver);
        viaIke.followNatMappings(mappings);
        viaIke.reportUnknownSpis(unknownSpis);
    }

    /** What the IKE transport hands ESP to when it arrives on its own socket. */
    EspInUdpSink viaIkeSocket() {
        return viaIke;
    }

    /** After the transport is bound: the data plane's socket and pump per local address, where possible. */
    void openSockets(LinkLayer link, List<InetAddress> local, IkeTransport transport, int port, Egress egress) {
        workers.spawn(viaIke, "ikd-in-udp");
        if (!transport.sharesNatTraversalPort()) {
            log.info("ESP in UDP goes through the IKE event loop: its NAT-T sockets are not shared (no epoll)");
            return;
        }
        for (InetAddress a : local) {
            try {
                EspInUdpSocket s = workers.own(link.openEspInUdpSocket(a, port));
                workers.spawn(new EspInUdpSocketPump(s, dp, dp.newPacketBuffer(), deliver, mappings, unknownSpis),
                        "ikd-in-udp-" + sockets.size());
                sockets.add(s);
            } catch (IOException | RuntimeException e) {
                log.warn("ESP in UDP to {} goes through the IKE event loop: {}", AddressText.of(a), e.toString());
            }
        }
        egress.useEspInUdpSockets(sockets);
    }

    void close() {
        viaIke.close();
    }
}
