package org.ikd.esp;

import org.ikd.core.sa.Mode;
import org.ikd.esp.packet.Frame;
import org.ikd.esp.packet.InternetChecksum;
import org.ikd.esp.packet.NetworkOrder;
import org.ikd.esp.sad.SaBundle;
import org.ikd.esp.sad.SaSlot;
import org.ikd.esp.sad.SecurityAssociation;
import org.ikd.esp.transform.EspTransform;

/**
 * RFC 4301 §8.2: a packet that no longer fits the path after IPsec is answered with an ICMP error
 * carrying the largest inner packet that fits ("fragmentation needed", RFC 1191 §4; "packet too
 * big", RFC 4443 §3.2), written in place over the packet's own buffer for the TUN. The error's
 * source is the offending packet's destination: a Linux TUN drops a packet whose source is one of
 * the host's own addresses as a martian (accept_local off), and the sender's stack takes the error
 * from any source as long as it quotes its packet (RFC 1191 §6.1, RFC 8201 §4). Allocates nothing.
 */
final class PathMtu {
    static final int ICMP_V4 = 1;
    static final int ICMP_V6 = 58;
    /** RFC 1812 §4.3.2.3: an ICMPv4 error quotes as much as fits in 576 bytes. */
    static final int MAX_ICMP_V4 = 576;
    /** RFC 4443 §2.4(c): an ICMPv6 error quotes as much as fits in the minimum MTU. */
    static final int MAX_ICMP_V6 = 1280;
    private static final int IPV4_HEADER = 20;
    private static final int IPV6_HEADER = 40;
    private static final int ICMP_HEADER = 8;
    private static final int UDP_HEADER = 8;              // RFC 3948 §2.1
    private static final int ESP_FIXED = 8;               // SPI + sequence number (RFC 4303 §2)
    private static final int TTL = 64;

    private PathMtu() {
    }

    /**
     * The largest inner packet that, protected by {@code bundle} with this pump's transforms, makes
     * an outer IP packet of at most {@code pathMtu} bytes; -1 if a transform is gone (SA removed).
     * An ESP payload plus its 2 trailer bytes is padded to the cipher's alignment (RFC 4303 §2.4);
     * transport mode keeps the inner header ({@code innerHeader} bytes) outside ESP.
     */
    static int largestInner(SaBundle bundle, PacketBuffer pkt, int pathMtu, int innerHeader) {
        boolean tunnel = bundle.mode() == Mode.TUNNEL;
        int fixed = bundle.natTraversal() == null ? 0 : UDP_HEADER;
        fixed += tunnel ? (bundle.outermost().isIpv6() ? IPV6_HEADER : IPV4_HEADER) : innerHeader;
        int alignment = 1;
        for (int i = 0; i < bundle.size(); i++) {
            SecurityAssociation sa = bundle.get(i);
            SaSlot slot = sa.slot(pkt.slot, pkt.scratch);
            if (slot == null) return -1;
            if (sa.isEsp()) {
                EspTransform esp = slot.esp();
                fixed += ESP_FIXED + esp.ivLength() + esp.icvLength() + 2;
                alignment = esp.alignment();
            } else {
                fixed += slot.ah().headerLength();
            }
        }
        int room = pathMtu - fixed + 2;                   // the 2 trailer bytes share the padded block
        int payload = Math.floorDiv(room, alignment) * alignment - 2;
        return payload + (tunnel ? 0 : innerHeader);
    }

    /**
     * Turns the IPv4 packet in {@code f} into ICMP type 3 code 4 back to its sender (RFC 792, RFC 1191
     * §4: next-hop MTU in the low 16 bits of the second word). The 28 new header bytes go in front
     * of the packet, which becomes the quoted datagram, cut to {@link #MAX_ICMP_V4}.
     */
    static void writeFragmentationNeeded(Frame f, int mtu) {
        byte[] b = f.array();
        int inner = f.offset();
        int quoted = Math.min(f.length(), MAX_ICMP_V4 - IPV4_HEADER - ICMP_HEADER);
        int o = inner - IPV4_HEADER - ICMP_HEADER;
        int total = IPV4_HEADER + ICMP_HEADER + quoted;
        b[o] = 0x45;
        b[o + 1] = 0;
        NetworkOrder.put16(b, o + 2, total);
        NetworkOrder.put32(b, o + 4, 0);                   // identification, flags, fragment offset
        b[o + 8] = (byte) TTL;
        b[o + 9] = ICMP_V4;
        NetworkOrder.put16(b, o + 10, 0);
        System.arraycopy(b, inner + 16, b, o + 12, 4);     // source: the packet's destination (see above)
        System.arraycopy(b, inner + 12, b, o + 16, 4);     // destination: its sender
        NetworkOrder.put16(b, o + 10, InternetChecksum.compute(b, o, IPV4_HEADER));
        int icmp = o + IPV4_HEADER;
        b[icmp] = 3;
        b[icmp + 1] = 4;
        NetworkOrder.put16(b, icmp + 2, 0);
        NetworkOrder.put16(b, icmp + 4, 0);
        NetworkOrder.put16(b, icmp + 6, mtu);
        NetworkOrder.put16(b, icmp + 2, InternetChecksum.compute(b, icmp, ICMP_HEADER + quoted));
        f.set(o, total);
    }

    /**
     * Turns the IPv6 packet in {@code f} into ICMPv6 Packet Too Big back to its sender (RFC 4443 §3.2:
     * type 2 code 0, the MTU in the second word), checksummed over the pseudo-header (RFC 8200 §8.1).
     */
    static void writePacketTooBig(Frame f, int mtu) {
        byte[] b = f.array();
        int inner = f.offset();
        int quoted = Math.min(f.length(), MAX_ICMP_V6 - IPV6_HEADER - ICMP_HEADER);
        int o = inner - IPV6_HEADER - ICMP_HEADER;
        int length = ICMP_HEADER + quoted;
        NetworkOrder.put32(b, o, 0x6000_0000);
        NetworkOrder.put16(b, o + 4, length);
        b[o + 6] = ICMP_V6;
        b[o + 7] = (byte) TTL;
        System.arraycopy(b, inner + 24, b, o + 8, 16);     // source: the packet's destination
        System.arraycopy(b, inner + 8, b, o + 24, 16);     // destination: its sender
        int icmp = o + IPV6_HEADER;
        b[icmp] = 2;
        b[icmp + 1] = 0;
        NetworkOrder.put16(b, icmp + 2, 0);
        NetworkOrder.put32(b, icmp + 4, mtu);
        long sum = InternetChecksum.sum(b, o + 8, 32, length + ICMP_V6);
        NetworkOrder.put16(b, icmp + 2, ~InternetChecksum.fold(InternetChecksum.sum(b, icmp, length, sum)) & 0xffff);
        f.set(o, IPV6_HEADER + length);
    }

    /**
     * RFC 1122 §3.2.2 / RFC 4443 §2.4(e): no error about an ICMP error, nor about a fragment other
     * than the first (which lacks the transport header), nor about a multicast destination.
     */
    static boolean mayAnswer(byte[] b, int o, boolean v4) {
        if (v4) {
            if ((NetworkOrder.u16(b, o + 6) & 0x1fff) != 0 || (b[o + 16] & 0xf0) == 0xe0) return false;
            int ihl = (b[o] & 0x0f) * 4;
            return b[o + 9] != ICMP_V4 || isQuery(b[o + ihl] & 0xff, true);
        }
        if ((b[o + 24] & 0xff) == 0xff) return false;
        return b[o + 6] != ICMP_V6 || isQuery(b[o + IPV6_HEADER] & 0xff, false);
    }

    private static boolean isQuery(int type, boolean v4) {
        if (!v4) return type >= 128;                     // RFC 4443 §2.1: errors are 0..127
        return type == 0 || type == 8 || type == 13 || type == 14 || type == 15 || type == 16;
    }
}
