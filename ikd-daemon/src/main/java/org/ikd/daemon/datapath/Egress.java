package org.ikd.daemon.datapath;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.ikd.core.ike.transport.EspInUdpSender;
import org.ikd.core.policy.AddressText;
import org.ikd.esp.Encapsulation;
import org.ikd.esp.PacketBuffer;
import org.ikd.tun.EspInUdpSocket;
import org.ikd.tun.RawIpSocket;
import org.ikd.tun.posix.PathMtuProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where packets leave ikd after the data plane's verdict: a whole IP packet (protected with
 * ESP/AH, or permitted cleartext) through the marked header-included raw socket, or ESP bytes
 * (RFC 3948) through the data plane's UDP/4500 socket of the local address ({@link EspInUdpPaths}),
 * else through the IKE transport's. Shared by every pump; each pump owns a {@link Port} with its
 * reusable buffer view, so a packet costs no allocation here.
 */
public final class Egress {
    private static final Logger log = LoggerFactory.getLogger(Egress.class);

    private final RawIpSocket ipv4;
    private final RawIpSocket ipv6;
    private volatile EspInUdpSender udp;
    private volatile NatMappings mappings;
    /** The data plane's ESP-in-UDP socket per local address; empty: ESP in UDP leaves through the IKE transport. */
    private volatile Map<InetAddress, EspInUdpSocket> udpSockets = Map.of();
    /** The same sockets as an array: flushed after every burst without an iterator. */
    private volatile EspInUdpSocket[] udpFlushes = new EspInUdpSocket[0];
    /** Our NAT-T socket address per peer, learned from the SAs installed (outbound SA source). */
    private final Map<InetAddress, InetSocketAddress> localByPeer = new ConcurrentHashMap<>();
    final AtomicLong sendFailures = new AtomicLong();
    final AtomicLong clearSent = new AtomicLong();

    /** @param ipv6 null when no local address is IPv6 */
    public Egress(RawIpSocket ipv4, RawIpSocket ipv6) {
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
    }

    public void useUdp(EspInUdpSender sender) {
        this.udp = sender;
    }

    void useEspInUdpSockets(List<EspInUdpSocket> sockets) {
        Map<InetAddress, EspInUdpSocket> m = new HashMap<>();
        for (EspInUdpSocket s : sockets) m.putIfAbsent(s.localAddress(), s);       // sending: one per address is enough
        udpSockets = Map.copyOf(m);
        udpFlushes = m.values().toArray(new EspInUdpSocket[0]);
    }

    /** Follows peers whose NAT re-mapped them (RFC 3948): sends go where {@code m} says they are now. */
    public void followNatMappings(NatMappings m) {
        this.mappings = m;
    }

    /** Remembers which local address ESP-in-UDP to {@code peer} leaves from. */
    public void learn(InetAddress peer, InetAddress local, int localPort) {
        localByPeer.put(peer, new InetSocketAddress(local, localPort));
    }

    /**
     * The MTU of the path the raw sends to {@code peer} take (marked with {@code mark}), for the data
     * plane's "fragmentation needed" answers; 0 (unknown: send whatever the size) when the kernel has
     * no route. Asked at SA install and once a second, never per packet.
     */
    public static int pathMtu(InetAddress peer, int mark) {
        try {
            return PathMtuProbe.towards(peer, mark);
        } catch (IOException e) {
            log.debug("path MTU to {} unknown: {}", AddressText.of(peer), e.toString());
            return 0;
        }
    }

    public Port port() {
        return new Port(false);
    }

    /**
     * A port whose raw-socket sends are queued and go out with one sendmmsg per {@link Port#flush()}:
     * for a pump that reads bursts (the segments of one TSO superpacket) and flushes after each.
     */
    public Port batchedPort() {
        return new Port(true);
    }

    /** One pump's sending state; confined to that pump's thread. */
    public final class Port {
        private final boolean batched;
        private ByteBuffer view;
        private byte[] viewOf;
        private InetAddress lastPeer;
        private int lastPort;
        private InetSocketAddress lastRemote;
        private byte[] lastRemoteAddress;
        private int lastGeneration;
        private InetSocketAddress lastLocal;
        private Map<InetAddress, EspInUdpSocket> lastSockets;
        private EspInUdpSocket lastSocket;

        private Port(boolean batched) {
            this.batched = batched;
        }

        /** Sends what a batched port queued; counts the packets the kernel refused. */
        void flush() throws IOException {
            if (!batched) return;
            int failed = ipv4.flushPackets() + (ipv6 == null ? 0 : ipv6.flushPackets());
            for (EspInUdpSocket s : udpFlushes) failed += s.flush();      // one or two: a local address each
            if (failed > 0) sendFailures.addAndGet(failed);
        }

        /** After TRANSMIT: the packet as the data plane framed it. */
        void transmit(PacketBuffer pkt) throws IOException {
            if (pkt.encapsulation() == Encapsulation.UDP) sendUdp(pkt);
            else sendIp(pkt);
        }

        /** A packet the pump could not hand on (e.g. an ICMP error the TUN refused). */
        void countFailure() {
            sendFailures.incrementAndGet();
        }

        /** After PASS_CLEAR: the unchanged packet. */
        void passClear(PacketBuffer pkt) throws IOException {
            if (sendIp(pkt)) clearSent.incrementAndGet();
        }

        private boolean sendIp(PacketBuffer pkt) throws IOException {
            byte[] b = pkt.array();
            RawIpSocket s = (b[pkt.offset()] & 0xf0) == 0x60 ? ipv6 : ipv4;
            if (s == null || (batched ? s.queuePacket(b, pkt.offset(), pkt.length()) : s.sendPacket(b, pkt.offset(), pkt.length())) < 0) {
                sendFailures.incrementAndGet();
                return false;
            }
            return true;
        }

        private void sendUdp(PacketBuffer pkt) throws IOException {
            EspInUdpSender sender = udp;
            InetSocketAddress local = localByPeer.get(pkt.peer());
            if (local == null || (sender == null && udpSockets.isEmpty())) {
                sendFailures.incrementAndGet();
                return;
            }
            NatMappings m = mappings;
            if (pkt.peer() != lastPeer || pkt.peerPort() != lastPort || (m != null && m.generation() != lastGeneration)) {
                lastPeer = pkt.peer();
                lastPort = pkt.peerPort();
                lastRemote = new InetSocketAddress(lastPeer, lastPort);
                if (m != null) {
                    lastGeneration = m.generation();
                    lastRemote = m.current(lastRemote);
                }
                lastRemoteAddress = lastRemote.getAddress().getAddress();
            }
            Map<InetAddress, EspInUdpSocket> sockets = udpSockets;
            if (local != lastLocal || sockets != lastSockets) {
                lastLocal = local;
                lastSockets = sockets;
                lastSocket = sockets.get(local.getAddress());
            }
            if (lastSocket != null) {
                int refused = lastSocket.queue(pkt.array(), pkt.offset(), pkt.length(), lastRemoteAddress, lastRemote.getPort());
                if (!batched) refused += lastSocket.flush();
                if (refused > 0) sendFailures.addAndGet(refused);
                return;
            }
            if (viewOf != pkt.array()) {
                viewOf = pkt.array();
                view = ByteBuffer.wrap(viewOf);
            }
            view.limit(pkt.offset() + pkt.length()).position(pkt.offset());
            if (sender == null || !sender.send(view, local, lastRemote)) sendFailures.incrementAndGet();
        }
    }
}
