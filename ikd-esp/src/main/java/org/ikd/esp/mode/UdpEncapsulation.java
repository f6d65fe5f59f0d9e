package org.ikd.esp.mode;

import org.ikd.esp.packet.EspHeader;
import org.ikd.esp.packet.Frame;
import org.ikd.esp.packet.InternetChecksum;
import org.ikd.esp.packet.Ipv4Header;
import org.ikd.esp.packet.Ipv6Header;
import org.ikd.esp.packet.NetworkOrder;
import org.ikd.esp.sad.SecurityAssociation;

/**
 * UDP encapsulation of ESP (RFC 3948). The pumps send and receive ESP-in-UDP through a UDP socket,
 * so the kernel builds the outer IP and UDP headers: outbound, the data plane hands over the ESP
 * bytes only; inbound, it gets the ESP bytes and puts a synthetic IP header (the SA's endpoints)
 * in front so the rest of the path sees an ordinary packet.
 *
 * <p>Transport mode (RFC 3948 §3.1.2): the sender computed its TCP/UDP checksum over its original
 * addresses, which NATs changed. With NAT-OA (RFC 3947 §5.2) the checksum is fixed incrementally
 * (RFC 1624) from the original addresses to the ones the packet now carries; without NAT-OA, a
 * UDP checksum is zeroed (step 3, allowed for IPv4) and a TCP checksum recomputed (step 2).
 */
public final class UdpEncapsulation {
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int DEFAULT_TTL = 64;

    private final Ipv4Header v4 = new Ipv4Header();
    private final Ipv6Header v6 = new Ipv6Header();

    /** RFC 3948 §2.3: a one-byte 0xFF payload is a NAT-keepalive. */
    public static boolean isKeepalive(Frame f) {
        return f.length() == 1 && f.array()[f.offset()] == (byte) 0xff;
    }

    /** RFC 3948 §2.2: four zero bytes (a zero SPI) are the non-ESP marker of IKE. */
    public static boolean isNonEspMarker(Frame f) {
        return f.length() >= 4 && NetworkOrder.i32(f.array(), f.offset()) == 0;
    }

    /** Outbound: leaves only the ESP part of the packet in the frame. */
    public void stripIpHeader(Frame f) {
        byte[] b = f.array();
        int o = f.offset();
        int ihl = (b[o] & 0xf0) == 0x40 ? (b[o] & 0x0f) * 4 : Ipv6Header.LENGTH;
        f.set(o + ihl, f.length() - ihl);
    }

    /** Inbound: puts an IP header from the SA's endpoints before the ESP bytes in the frame. */
    public int prependIpHeader(Frame f, SecurityAssociation sa) {
        byte[] b = f.array();
        int header = sa.isIpv6() ? Ipv6Header.LENGTH : Ipv4Header.MIN_LENGTH;
        int o = f.offset() - header;
        if (o < 0) return ModeFailure.NO_ROOM;
        if (f.length() + header > ModeFailure.MAX_IP_LENGTH) return ModeFailure.TOO_BIG;
        if (sa.isIpv6()) v6.wrap(b, o).write(0, f.length(), EspHeader.PROTOCOL, DEFAULT_TTL, sa.sourceBytes(), sa.destinationBytes());
        else v4.wrap(b, o).write(0, f.length() + header, 0, 0, DEFAULT_TTL, EspHeader.PROTOCOL, sa.sourceV4(), sa.destinationV4());
        f.set(o, f.length() + header);
        return 0;
    }

    /** RFC 3948 §3.1.2: fixes the TCP/UDP checksum of a decapsulated IPv4 transport-mode packet. */
    public void fixTransportChecksum(Frame f, SecurityAssociation sa) {
        byte[] b = f.array();
        int ip = f.offset();
        if ((b[ip] & 0xf0) != 0x40 || v4.wrap(b, ip).isFragment()) return;
        int ihl = v4.headerLength();
        int protocol = v4.protocol();
        int l4 = ip + ihl;
        int l4Length = f.length() - ihl;
        int at = protocol == TCP ? l4 + 16 : protocol == UDP ? l4 + 6 : -1;
        if (at < 0 || at + 2 > f.end()) return;
        int checksum = NetworkOrder.u16(b, at);
        if (protocol == UDP && checksum == 0) return;                     // no checksum was sent
        if (sa.natOaSource() >= 0 || sa.natOaDestination() >= 0) {
            if (sa.natOaSource() >= 0) checksum = InternetChecksum.update32(checksum, (int) sa.natOaSource(), v4.source());
            if (sa.natOaDestination() >= 0)
                checksum = InternetChecksum.update32(checksum, (int) sa.natOaDestination(), v4.destination());
            NetworkOrder.put16(b, at, protocol == UDP && checksum == 0 ? 0xffff : checksum);
        } else if (protocol == UDP) {
            NetworkOrder.put16(b, at, 0);
        } else {
            NetworkOrder.put16(b, at, 0);
            NetworkOrder.put16(b, at, InternetChecksum.transportV4(b, v4.source(), v4.destination(), TCP, l4, l4Length));
        }
    }
}
