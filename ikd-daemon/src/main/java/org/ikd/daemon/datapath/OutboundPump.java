package org.ikd.daemon.datapath;

import java.io.IOException;
import java.util.function.Consumer;
import org.ikd.esp.DataPlane;
import org.ikd.esp.PacketBuffer;
import org.ikd.esp.Verdict;
import org.ikd.tun.TunQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One outbound pump (DESIGN.md "One outbound packet"), the only reader of its TUN queue, on its
 * own thread ({@code ikd-out-N}):
 * <ol>
 * <li>read a cleartext packet at the buffer's headroom (with TUN offloads, the next segment of a TSO
 *     superpacket: docs/tun.md);
 * <li>ask the data plane: TRANSMIT (protected), PASS_CLEAR (permitted), DROP (counted there), or
 *     ACQUIRE (no SA yet: the daemon's acquirer queues a copy and starts IKE), or DELIVER (the data
 *     plane turned a packet too big for the path into an ICMP error, written back into the TUN);
 * <li>send through {@link Egress}: with a batched port the raw-socket sends of one superpacket are
 *     queued and flushed with one sendmmsg when the TUN queue has no segment left.
 * </ol>
 * Ends when the queue is closed (read returns -1). Allocates nothing per packet but on ACQUIRE.
 */
public final class OutboundPump implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(OutboundPump.class);

    private final TunQueue queue;
    private final DataPlane dp;
    private final PacketBuffer pkt;
    private final Egress.Port port;
    /** ACQUIRE: the packet is the flow's first without an SA (the daemon queues a copy and starts IKE). */
    private final Consumer<PacketBuffer> acquirer;
    final PumpFaults faults;

    public OutboundPump(TunQueue queue, DataPlane dp, PacketBuffer pkt, Egress.Port port, Consumer<PacketBuffer> acquirer) {
        this.queue = queue;
        this.dp = dp;
        this.pkt = pkt;
        this.port = port;
        this.acquirer = acquirer;
        this.faults = new PumpFaults("outbound pump " + queue.index(), log);
    }

    @Override
    public void run() {
        try {
            while (true) {
                int n = queue.read(pkt.array(), PacketBuffer.HEADROOM, pkt.readCapacity());
                if (n < 0) return;
                pkt.loadIp(n);
                try {
                    forward();
                } catch (RuntimeException e) {
                    faults.record(e);
                }
                if (queue.pending() == 0) port.flush();          // the superpacket is done: one sendmmsg
            }
        } catch (IOException e) {
            log.debug("outbound pump {} stops: {}", queue.index(), e.toString());
        }
    }

    private void forward() throws IOException {
        send(dp.outbound(pkt));
        while (pkt.moreFragments()) send(dp.nextFragment(pkt));    // cut to fit the path (RFC 4301 §8.1)
    }

    private void send(Verdict v) throws IOException {
        switch (v) {
            case TRANSMIT -> port.transmit(pkt);
            case PASS_CLEAR -> port.passClear(pkt);
            case ACQUIRE -> acquirer.accept(pkt);
            case DELIVER -> {               // an ICMP error back to the sender: too big for the path (RFC 4301 §8.2)
                if (queue.write(pkt.array(), pkt.offset(), pkt.length()) < 0) port.countFailure();
            }
            default -> { }                  // DROP (counted by the data plane)
        }
    }
}
