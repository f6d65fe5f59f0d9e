package org.ikd.daemon.datapath;

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
 * <li>{@link #openSockets} adds, per local address, one data-plane {@link EspInUdpSocket} per TUN queue
 *     (indexes 1..N), whose steering program takes every ESP datagram off the IKE event loop and gives
 *     socket i + 1 the SPIs i mod N; its {@link EspInUdpSocketPump} writes into queue i, and {@link Egress}
 *     sends through the first socket of the address with sendmmsg;
 * <li>where that socket cannot be had (no epoll, an old kernel), ESP stays on the IKE socket, which hands
 *     it to {@link EspInUdpPump} (copied through a bounded queue), and leaves through the transport; so
 *     also with {@code IKD_ESP_IN_UDP_SOCKET=off} in the environment (before/after measurements).
 * </ol>
 * Confined to the daemon's start and stop (org.ikd.daemon.Daemon).
 */
public final class EspInUdpPaths {
    private static final Logger log = LoggerFactory.getLogger(EspInUdpPaths.class);

    private final DataPlane dp;
    private final List<TunQueue> queues;
    private final NatMappings mappings;
    private final UnknownSpiReports unknownSpis;
    private final Workers workers;
    private final EspInUdpPump viaIke;
    private final List<EspInUdpSocket> sockets = new ArrayList<>();

    public EspInUdpPaths(DataPlane dp, List<TunQueue> queues, NatMappings mappings, UnknownSpiReports unknownSpis, Workers workers) {
        this.dp = dp;
        this.queues = queues;
        this.mappings = mappings;
        this.unknownSpis = unknownSpis;
        this.workers = workers;
        this.viaIke = new EspInUdpPump(256, dp, dp.newPacketBuffer(), queues.get(0));
        viaIke.followNatMappings(mappings);
        viaIke.reportUnknownSpis(unknownSpis);
    }

    /** What the IKE transport hands ESP to when it arrives on its own socket. */
    public EspInUdpSink viaIkeSocket() {
        return viaIke;
    }

    /** After the transport is bound: the data plane's socket and pump per local address, where possible. */
    public void openSockets(LinkLayer link, List<InetAddress> local, IkeTransport transport, int port, Egress egress) {
        workers.spawn(viaIke, "ikd-in-udp");
        if (!transport.sharesNatTraversalPort() || "off".equals(System.getenv("IKD_ESP_IN_UDP_SOCKET"))) {
            log.info("ESP in UDP goes through the IKE event loop: {}", transport.sharesNatTraversalPort()
                    ? "IKD_ESP_IN_UDP_SOCKET=off" : "its NAT-T sockets are not shared (no epoll)");
            return;
        }
        int n = queues.size();
        for (InetAddress a : local) {
            List<EspInUdpSocket> group = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) group.add(workers.own(link.openEspInUdpSocket(a, port, n)));  // index i + 1: SPI mod n = i
            } catch (IOException | RuntimeException e) {
                group.forEach(EspInUdpSocket::close);                 // the group's hash then gives ESP to the IKE socket
                log.warn("ESP in UDP to {} goes through the IKE event loop: {}", AddressText.of(a), e.toString());
                continue;
            }
            for (int i = 0; i < n; i++)
                workers.spawn(new EspInUdpSocketPump(group.get(i), dp, dp.newPacketBuffer(), queues.get(i), mappings, unknownSpis),
                        "ikd-in-udp-" + sockets.size() / n + "-" + i);
            sockets.addAll(group);
        }
        egress.useEspInUdpSockets(sockets);
    }

    public void close() {
        viaIke.close();
    }
}
