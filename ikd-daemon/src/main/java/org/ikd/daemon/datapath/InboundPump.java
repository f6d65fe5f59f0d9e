package org.ikd.daemon.datapath;

import java.io.IOException;
import org.ikd.esp.DataPlane;
import org.ikd.esp.PacketBuffer;
import org.ikd.esp.Verdict;
import org.ikd.tun.RawIpSocket;
import org.ikd.tun.TunQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One inbound pump per raw ESP or AH socket (DESIGN.md "One inbound packet"), on its own thread
 * ({@code ikd-in-esp}, {@code ikd-in-ah}; {@code ikd-in-esp6}, {@code ikd-in-ah6} for IPv6, whose
 * socket rebuilds the IPv6 header, docs/tun.md): receive a whole IP packet at the headroom, let the
 * data plane verify and decapsulate it, write what it delivers into the TUN device, where the
 * kernel takes it as if it had arrived there. With TUN offloads the TCP segments of one recvmmsg
 * burst are coalesced into superpackets (docs/tun.md), flushed when the burst is drained. Each inbound SA is thus updated by one pump (its
 * protocol's), as the data plane's replay windows want. ESP on an SPI no SA has goes to
 * {@link UnknownSpiReports} (issue 15). Ends when the socket is closed.
 */
public final class InboundPump implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(InboundPump.class);

    private final RawIpSocket socket;
    private final DataPlane dp;
    private final PacketBuffer pkt;
    private final TunQueue tun;
    private final UnknownSpiReports unknownSpis;
    final PumpFaults faults;

    public InboundPump(RawIpSocket socket, DataPlane dp, PacketBuffer pkt, TunQueue tun, UnknownSpiReports unknownSpis) {
        this.socket = socket;
        this.dp = dp;
        this.pkt = pkt;
        this.tun = tun;
        this.unknownSpis = unknownSpis;
        this.faults = new PumpFaults("inbound pump (protocol " + socket.protocol() + ")", log);
    }

    @Override
    public void run() {
        try {
            while (true) {
                int n = socket.receive(pkt.array(), PacketBuffer.HEADROOM, pkt.readCapacity(), null);
                if (n < 0) return;
                pkt.loadIp(n);
                try {
                    Verdict v = dp.inbound(pkt);
                    if (v == Verdict.DELIVER) tun.writeCoalescing(pkt.array(), pkt.offset(), pkt.length());
                    else if (pkt.unknownOutermostSpi()) unknownSpis.fromIp(pkt);     // the peer kept SAs we lost
                } catch (RuntimeException e) {
                    faults.record(e);
                }
                if (socket.pending() == 0) tun.flush();          // the burst is drained: no segment waits
            }
        } catch (IOException e) {
            log.debug("inbound pump (protocol {}) stops: {}", socket.protocol(), e.toString());
        }
    }
}
