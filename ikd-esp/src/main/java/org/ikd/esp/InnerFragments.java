package org.ikd.esp;

import org.ikd.esp.packet.Frame;
import org.ikd.esp.packet.InternetChecksum;
import org.ikd.esp.packet.NetworkOrder;
import org.ikd.esp.sad.SaBundle;

/**
 * RFC 4301 §8.1 pre-fragmentation: an IPv4 packet without DF that would not fit the path after
 * tunnel-mode protection is cut into fragments (RFC 791 §3.2, "fragmentation procedure") that each
 * fit, and every fragment is protected on its own; the far gateway forwards them and the
 * destination reassembles. The packet is held whole in the buffer's {@code held} array while its
 * fragments go out one per {@link DataPlane#nextFragment} call. The header, options included, is
 * copied to every fragment (RFC 791 would copy only the options whose copied flag is set: a
 * simplification for a rare case). An already fragmented packet is cut further: offsets add up and
 * the last piece keeps the original MF. Allocates nothing.
 */
final class InnerFragments {
    private static final int MF = 0x2000;
    private static final int OFFSET = 0x1fff;

    private InnerFragments() {
    }

    /**
     * Holds the packet in {@code pkt}'s frame and turns the frame into its first fragment of at most
     * {@code fit} bytes; false (nothing changed) when not even one 8-byte block fits after the header.
     */
    static boolean start(PacketBuffer pkt, SaBundle bundle, int fit) {
        Frame f = pkt.frame;
        byte[] b = f.array();
        int o = f.offset();
        int ihl = (b[o] & 0x0f) * 4;
        int chunk = (fit - ihl) / 8 * 8;
        if (chunk <= 0) return false;
        System.arraycopy(b, o, pkt.held, 0, f.length());
        pkt.holdFragments(bundle, f.length(), chunk);
        int originalField = NetworkOrder.u16(b, o + 6);
        writeHeader(b, o, ihl, chunk, originalField | MF);
        f.set(o, ihl + chunk);
        pkt.heldNext = chunk;
        return true;
    }

    /** Loads the next fragment of the held packet into the frame at {@link PacketBuffer#HEADROOM}. */
    static void next(PacketBuffer pkt) {
        byte[] h = pkt.held;
        int ihl = (h[0] & 0x0f) * 4;
        int data = pkt.heldLength - ihl;
        int n = Math.min(pkt.heldChunk, data - pkt.heldNext);
        boolean last = pkt.heldNext + n == data;
        int originalField = NetworkOrder.u16(h, 6);
        int offset = (originalField & OFFSET) + pkt.heldNext / 8;
        int flags = last ? originalField & MF : MF;
        byte[] b = pkt.frame.array();
        int o = PacketBuffer.HEADROOM;
        System.arraycopy(h, 0, b, o, ihl);
        System.arraycopy(h, ihl + pkt.heldNext, b, o + ihl, n);
        writeHeader(b, o, ihl, n, flags | offset);
        pkt.heldNext += n;
        pkt.loadFragment(o, ihl + n, last);
    }

    /** Total length, flags and offset, and the header checksum (RFC 791 §3.1). */
    private static void writeHeader(byte[] b, int o, int ihl, int dataLength, int flagsAndOffset) {
        NetworkOrder.put16(b, o + 2, ihl + dataLength);
        NetworkOrder.put16(b, o + 6, flagsAndOffset);
        NetworkOrder.put16(b, o + 10, 0);
        NetworkOrder.put16(b, o + 10, InternetChecksum.compute(b, o, ihl));
    }
}
