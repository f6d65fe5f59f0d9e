package org.ikd.daemon.datapath;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.ikd.esp.DataPlane;
import org.ikd.esp.PacketBuffer;
import org.ikd.esp.Verdict;
import org.ikd.tun.EspInUdpSocket;
import org.ikd.tun.SourceAddress;
import org.ikd.tun.TunQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ESP in UDP (RFC 3948) read from the data plane's own UDP/4500 socket of one local address, on its own
 * thread ({@code ikd-in-udp-N}), never through the IKE event loop: recvmmsg bursts land at the packet
 * buffer's headroom, the data plane verifies and decapsulates, what it delivers goes into the TUN
 * device, TCP segments coalesced until the burst is drained (docs/tun.md). The socket's steering program
 * leaves IKE and NAT keepalives to the IKE transport. Each inbound SA that a peer sends in UDP is thus
 * updated by the one pump of the address it sends to. Ends when the socket is closed.
 */
final class EspInUdpSocketPump implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(EspInUdpSocketPump.class);

    private final EspInUdpSocket socket;
    private final DataPlane dp;
    private final PacketBuffer pkt;
    private final TunQueue tun;
    private final NatMappings mappings;
    private final UnknownSpiReports unknownSpis;
    final PumpFaults faults;
    private final SourceAddress from = new SourceAddress();
    /** The last SPI and source followed: the common case costs one comparison and no allocation. */
    private final SourceAddress lastFrom = new SourceAddress();
    private int lastSpi;

    EspInUdpSocketPump(EspInUdpSocket socket, DataPlane dp, PacketBuffer pkt, TunQueue tun, NatMappings mappings,
                       UnknownSpiReports unknownSpis) {
        this.socket = socket;
        this.dp = dp;
        this.pkt = pkt;
        this.tun = tun;
        this.mappings = mappings;
        this.unknownSpis = unknownSpis;
        this.faults = new PumpFaults("ESP-in-UDP pump (" + socket + ")", log);
    }

    @Override
    public void run() {
        try {
            while (true) {
                int n = socket.receive(pkt.array(), PacketBuffer.HEADROOM, pkt.readCapacity(), from);
                if (n < 0) return;
                pkt.loadUdp(n);
                int spi = n < 4 ? 0 : spiAt(PacketBuffer.HEADROOM);      // before the data plane rewrites the buffer
                try {
                    if (dp.inbound(pkt) == Verdict.DELIVER) {
                        follow(spi);
                        tun.writeCoalescing(pkt.array(), pkt.offset(), pkt.length());
                    } else if (pkt.unknownOutermostSpi()) {
                        unknownSpis.fromUdp(from.toInetAddress(), socket.localAddress(), pkt.unknownSpi());
                    }
                } catch (RuntimeException e) {
                    faults.record(e);
                }
                if (socket.pending() == 0) tun.flush();          // the burst is drained: no segment waits
            }
        } catch (IOException e) {
            log.debug("ESP-in-UDP pump ({}) stops: {}", socket, e.toString());
        }
    }

    /** RFC 4303 §2.1: the SPI is the first 32 bits of the ESP header. */
    private int spiAt(int at) {
        byte[] b = pkt.array();
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | b[at + 3] & 0xff;
    }

    /** RFC 3948: authenticated ESP from a new source port means the peer's NAT re-mapped it. */
    private void follow(int spi) {
        if (spi == lastSpi && from.sameAs(lastFrom)) return;
        lastSpi = spi;
        lastFrom.copyFrom(from);
        mappings.delivered(spi, new InetSocketAddress(from.toInetAddress(), from.port()));
    }
}
