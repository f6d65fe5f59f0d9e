package org.ikd.esp.mode;

import org.ikd.esp.packet.Frame;
import org.ikd.esp.packet.InternetChecksum;
import org.ikd.esp.packet.Ipv4Header;
import org.ikd.esp.packet.Ipv6Extensions;
import org.ikd.esp.packet.Ipv6Header;
import org.ikd.esp.packet.NetworkOrder;
import org.ikd.esp.sad.SecurityAssociation;

/**
 * Tunnel mode (RFC 4301 §5.1.2): an outer IPv4 or IPv6 header between the SA's endpoints in
 * front of the whole inner packet (IPv4 or IPv6). Outer header fields: DSCP and ECN copied from
 * the inner header (RFC 4301 §5.1.2.1, RFC 6040 §4.1 normal mode), DF copied from an IPv4 inner
 * header and set for IPv6 inner packets, TTL/hop limit from the configuration, IPv4 ID = the low
 * 16 bits of the sequence number (unique per SA until it wraps; RFC 6864 allows any value for
 * atomic datagrams). Decapsulation propagates CE into an ECN-capable inner header (RFC 6040 §4.2).
 */
public final class TunnelMode {
    private static final int IPIP = 4;
    private static final int IPV6 = 41;
    private static final int ECN_MASK = 0x03;
    private static final int CE = 0x03;

    private final Ipv4Header v4 = new Ipv4Header();
    private final Ipv6Header v6 = new Ipv6Header();
    private final Ipv6Extensions chain = new Ipv6Extensions();
    private final int ttl;

    public TunnelMode(int ttl) {
        this.ttl = ttl;
    }

    /** Prepends the outer header; ESP or AH is then inserted after it by {@link TransportMode}. */
    public int encapsulate(Frame f, SecurityAssociation sa, long seq) {
        byte[] b = f.array();
        int inner = f.offset();
        boolean innerV4 = (b[inner] & 0xf0) == 0x40;
        int tos = innerV4 ? b[inner + 1] & 0xff : v6.wrap(b, inner).trafficClass();
        int df = !innerV4 || (NetworkOrder.u16(b, inner + 6) & Ipv4Header.FLAG_DF) != 0 ? Ipv4Header.FLAG_DF : 0;
        int outer = sa.isIpv6() ? Ipv6Header.LENGTH : Ipv4Header.MIN_LENGTH;
        if (f.length() + outer > ModeFailure.MAX_IP_LENGTH) return ModeFailure.TOO_BIG;
        int o = inner - outer;
        if (o < 0) return ModeFailure.NO_ROOM;
        int proto = innerV4 ? IPIP : IPV6;
        if (sa.isIpv6()) v6.wrap(b, o).write(tos, f.length(), proto, ttl, sa.sourceBytes(), sa.destinationBytes());
        else v4.wrap(b, o).write(tos, f.length() + outer, (int) seq & 0xffff, df, ttl, proto, sa.sourceV4(), sa.destinationV4());
        f.set(o, f.length() + outer);
        return 0;
    }

    /**
     * Removes the outer header after ESP/AH processing left {@code [outer IP][inner packet]}.
     * The inner packet must be a whole IP packet of exactly the remaining length.
     */
    public int decapsulate(Frame f) {
        byte[] b = f.array();
        int o = f.offset();
        boolean outerV4 = (b[o] & 0xf0) == 0x40;
        int proto = outerV4 ? b[o + 9] & 0xff : chain.walkToIpsec(b, o, f.end());   // AH may have followed options
        int ihl = outerV4 ? (b[o] & 0x0f) * 4 : chain.offset() - o;
        if (proto == ModeFailure.NO_NEXT_HEADER) return ModeFailure.DUMMY;
        int inner = o + ihl;
        int length = f.length() - ihl;
        if (proto == IPIP) {
            if (!Ipv4Header.plausible(b, inner, length) || NetworkOrder.u16(b, inner + 2) != length) return ModeFailure.MALFORMED;
        } else if (proto == IPV6) {
            if (!Ipv6Header.plausible(b, inner, length) || Ipv6Header.LENGTH + NetworkOrder.u16(b, inner + 4) != length)
                return ModeFailure.MALFORMED;
        } else {
            return ModeFailure.MALFORMED;
        }
        int outerTos = outerV4 ? b[o + 1] & 0xff : v6.wrap(b, o).trafficClass();
        if ((outerTos & ECN_MASK) == CE) propagateCongestion(b, inner, proto == IPIP);
        f.set(inner, length);
        return 0;
    }

    private void propagateCongestion(byte[] b, int inner, boolean innerV4) {
        if (innerV4) {
            int tos = b[inner + 1] & 0xff;
            if ((tos & ECN_MASK) == 0 || (tos & ECN_MASK) == CE) return;   // Not-ECT stays (RFC 6040 §4.2 table)
            int oldWord = NetworkOrder.u16(b, inner);
            b[inner + 1] = (byte) (tos | CE);
            int sum = NetworkOrder.u16(b, inner + 10);
            NetworkOrder.put16(b, inner + 10, InternetChecksum.update16(sum, oldWord, NetworkOrder.u16(b, inner)));
        } else {
            v6.wrap(b, inner);
            int tc = v6.trafficClass();
            if ((tc & ECN_MASK) != 0) v6.setTrafficClass(tc | CE);
        }
    }
}
