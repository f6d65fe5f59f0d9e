package org.ikd.tun.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.Test;

/**
 * The header rebuilt from control messages laid out as RFC 3542 §20 (cmsghdr, CMSG_SPACE) and
 * linux/ipv6.h (in6_pktinfo: address then ifindex) describe them on LP64; expected bytes written
 * field by field from RFC 8200 §3.
 */
class Ipv6ReceptionTest {
    private static final byte[] A = HexFormat.of().parseHex("20010002000000000000000000000001");   // 2001:2::1
    private static final byte[] B = HexFormat.of().parseHex("20010002000000000000000000000002");   // 2001:2::2
    private static final long SOURCE = 0;
    private static final long CONTROL = 64;

    /** sockaddr_in6 from 2001:2::2 at 0; then control messages from 64; returns the control length. */
    private static long layOut(Pointer p, boolean withPacketInfo) {
        p.putShort(SOURCE, (short) 10);                                  // AF_INET6
        p.put(SOURCE + 8, B, 0, 16);
        long c = CONTROL;
        if (withPacketInfo) {
            c = message(p, c, Ipv6Reception.IPV6_PKTINFO, 20);         // CMSG_LEN(20) = 36, CMSG_SPACE = 40
            p.put(c - 24, A, 0, 16);
            p.putInt(c - 8, 7);                                          // ipi6_ifindex
        }
        c = message(p, c, Ipv6Reception.IPV6_HOPLIMIT, 4);
        p.putInt(c - 8, 64);
        c = message(p, c, Ipv6Reception.IPV6_TCLASS, 4);
        p.putInt(c - 8, 0xb8);                                           // DSCP EF (46 << 2)
        return c - CONTROL;
    }

    /** A cmsghdr with {@code data} bytes; returns where the next one starts (CMSG_SPACE). */
    private static long message(Pointer p, long at, int type, int data) {
        p.putLong(at, 16 + data);
        p.putInt(at + 8, Ipv6Reception.IPPROTO_IPV6);
        p.putInt(at + 12, type);
        return at + 16 + ((data + 7) & ~7);
    }

    @Test
    void rebuildsTheHeaderFromSourcePacketInfoHopLimitAndTrafficClass() {
        Pointer p = Native.allocate(256);
        long length = layOut(p, true);
        byte[] buf = new byte[48];
        Ipv6Reception.writeHeader(buf, 8, 0x58, 50, p, SOURCE, CONTROL, length);
        // version 6, traffic class 0xb8, flow label 0 | payload length 0x0058, next header 50 (ESP), hop limit 64
        assertEquals("6b800000" + "0058" + "32" + "40" + "20010002000000000000000000000002" + "20010002000000000000000000000001",
                HexFormat.of().formatHex(buf, 8, 48));
    }

    @Test
    void leavesTheDestinationUnspecifiedWithoutPacketInfo() {
        Pointer p = Native.allocate(256);
        long length = layOut(p, false);
        byte[] buf = new byte[40];
        java.util.Arrays.fill(buf, (byte) 0xee);
        Ipv6Reception.writeHeader(buf, 0, 16, 51, p, SOURCE, CONTROL, length);
        assertEquals("6b8000000010334020010002000000000000000000000002" + "00".repeat(16), HexFormat.of().formatHex(buf));
    }

    @Test
    void stopsAtAControlMessageThatClaimsMoreThanTheBuffer() {
        Pointer p = Native.allocate(256);
        layOut(p, true);
        p.putLong(CONTROL, 4096);                                        // a corrupt cmsg_len: read nothing past it
        byte[] buf = new byte[40];
        Ipv6Reception.writeHeader(buf, 0, 8, 50, p, SOURCE, CONTROL, 88);
        assertEquals("6000000000083200", HexFormat.of().formatHex(buf, 0, 8));
    }

    /**
     * RFC 3542 §4: Hop-by-Hop (IPV6_HOPOPTS) and Destination Options (IPV6_DSTOPTS) come back whole, in
     * chain order; they go back between the header and the payload, the first named by Next Header 0.
     */
    @Test
    void putsTheExtensionHeadersBackInOrder() {
        Pointer p = Native.allocate(512);
        long c = CONTROL + layOut(p, true);
        byte[] hopByHop = HexFormat.of().parseHex("3c00" + "05020000" + "0100");        // NH 60, Router Alert, PadN
        byte[] destination = HexFormat.of().parseHex("3300" + "3e04cafebabe");          // NH 51 (AH), option 0x3e
        c = message(p, c, Ipv6Reception.IPV6_HOPOPTS, 8);
        p.put(c - 8, hopByHop, 0, 8);
        c = message(p, c, Ipv6Reception.IPV6_DSTOPTS, 8);
        p.put(c - 8, destination, 0, 8);
        long length = c - CONTROL;
        assertEquals(16, Ipv6Reception.extensionLength(p, CONTROL, length));
        byte[] buf = new byte[56];
        Ipv6Reception.writeHeader(buf, 0, 24, 51, p, SOURCE, CONTROL, length);
        // payload length 16 + 24 = 0x28, next header 0 (Hop-by-Hop), then both headers as received
        assertEquals("6b800000" + "0028" + "00" + "40" + "20010002000000000000000000000002" + "20010002000000000000000000000001"
                + "3c00050200000100" + "33003e04cafebabe", HexFormat.of().formatHex(buf));
    }
}
