package org.ikd.esp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.ikd.core.sa.Direction;
import org.ikd.core.sa.IpsecSaPair;
import org.ikd.core.sa.Mode;
import org.ikd.esp.Fixtures.Link;
import org.ikd.esp.Fixtures.Suite;
import org.junit.jupiter.api.Test;

/**
 * RFC 4301 §8.2: a packet too big for the path after ESP is answered with ICMP "fragmentation
 * needed" (RFC 792, RFC 1191 §4) or ICMPv6 "packet too big" (RFC 4443 §3.2) carrying the largest inner
 * packet that fits. The expected sizes are worked out here from the RFC layouts (RFC 4303 §2, RFC 4106
 * §3, RFC 3602 §3, RFC 3948 §2.1); each is also checked against the length of what ikd really sends.
 * The ICMP bytes are read at the RFC offsets and their checksums recomputed by {@link #rfc1071}.
 */
class PathMtuTest {
    private static final int MTU = 1400;
    private static final Suite GCM = Suite.esp(EspCipher.AES_GCM_16, 256, null, Mode.TUNNEL);
    private static final Suite CBC = Suite.esp(EspCipher.AES_CBC, 128, IntegrityAlgorithm.HMAC_SHA1_96, Mode.TUNNEL);
    private static final String HOST_A = "198.18.10.5";
    private static final String HOST_B = "198.18.20.9";

    /** The largest L with header + 8 (SPI, seq) + IV + roundUp(L' + 2, align) + ICV <= MTU, L' = L - kept. */
    private static int largest(int outerAndUdp, int iv, int icv, int align, int kept) {
        int block = (MTU - outerAndUdp - kept - 8 - iv - icv) / align * align;
        return block - 2 + kept;
    }

    private static Link link(Suite s) {
        Link l = new Link(s);
        l.a.pathMtuSource(peer -> MTU);
        return l;
    }

    private static byte[] ping(int length, boolean df) {
        byte[] p = Packets.icmp(HOST_A, HOST_B, length - 28);
        if (!df) {
            p[6] = 0;
            p[10] = 0;
            p[11] = 0;
            int c = rfc1071(p, 0, 20, 0);
            p[10] = (byte) (c >> 8);
            p[11] = (byte) c;
        }
        return p;
    }

    @Test
    void gcmTunnelCarriesTheLargestFittingPacketAndAnswersOneByteMore() {
        int fit = largest(20, 8, 16, 4, 0);             // RFC 4106: 8-byte IV, 16-byte ICV, 4-byte alignment
        assertEquals(1346, fit);
        fitsExactlyThenAnswers(link(GCM), fit, 0);
    }

    @Test
    void cbcTunnelPadsToTheCipherBlock() {
        int fit = largest(20, 16, 12, 16, 0);           // RFC 3602: 16-byte IV and block; RFC 2404: 12-byte ICV
        assertEquals(1342, fit);
        fitsExactlyThenAnswers(link(CBC), fit, 0);
    }

    @Test
    void natTraversalCostsEightMoreBytes() {
        int fit = largest(20 + 8, 8, 16, 4, 0);          // RFC 3948 §2.1: the UDP header
        assertEquals(1338, fit);
        fitsExactlyThenAnswers(link(GCM.withUdp()), fit, 28);
    }

    @Test
    void transportModeKeepsTheInnerHeaderOutsideEsp() {
        Link l = link(Suite.esp(EspCipher.AES_GCM_16, 256, null, Mode.TRANSPORT));
        int fit = largest(0, 8, 16, 4, 20);
        assertEquals(1366, fit);
        byte[] p = Packets.icmp(Fixtures.A, Fixtures.B, fit - 28);
        assertEquals(Verdict.TRANSMIT, l.send(p));
        assertEquals(MTU, l.pa.length());
        assertEquals(Verdict.DELIVER, l.send(Packets.icmp(Fixtures.A, Fixtures.B, fit - 27)));
        assertEquals(fit, readFragmentationNeeded(l.pa));
    }

    /** {@code fit} bytes go out as exactly the MTU (the UDP socket adds {@code added}); one more is answered. */
    private static void fitsExactlyThenAnswers(Link l, int fit, int added) {
        assertEquals(Verdict.TRANSMIT, l.send(ping(fit, true)), () -> String.valueOf(l.pa.dropReason()));
        assertEquals(MTU, l.pa.length() + added, "bytes on the wire");
        byte[] tooBig = ping(fit + 1, true);
        assertEquals(Verdict.DELIVER, l.send(tooBig));
        assertEquals(fit, readFragmentationNeeded(l.pa));
        assertArrayEquals(Arrays.copyOf(tooBig, 548), Arrays.copyOfRange(l.pa.array(), l.pa.offset() + 28, l.pa.offset() + 576),
                "RFC 1812 §4.3.2.3: the datagram quoted up to 576 bytes in all");
        assertEquals(1L, l.a.statistics().drops().get(DropReason.PATH_MTU_EXCEEDED));
    }

    /** RFC 791 §3.1 and RFC 792/1191 layouts: returns the next-hop MTU after checking every other field. */
    private static int readFragmentationNeeded(PacketBuffer pkt) {
        byte[] b = Arrays.copyOfRange(pkt.array(), pkt.offset(), pkt.offset() + pkt.length());
        assertEquals(0x45, b[0] & 0xff, "version 4, 5 words");
        assertEquals(b.length, u16(b, 2), "total length");
        assertTrue(b.length <= 576, b.length + " bytes");
        assertEquals(1, b[9], "protocol ICMP");
        assertEquals(0, rfc1071(b, 0, 20, 0), "IPv4 header checksum");
        assertArrayEquals(Arrays.copyOfRange(b, 28 + 12, 28 + 16), Arrays.copyOfRange(b, 16, 20), "to the sender");
        assertArrayEquals(Arrays.copyOfRange(b, 28 + 16, 28 + 20), Arrays.copyOfRange(b, 12, 16), "from its destination");
        assertEquals(3, b[20], "destination unreachable");
        assertEquals(4, b[21], "fragmentation needed and DF set");
        assertEquals(0, rfc1071(b, 20, b.length - 20, 0), "ICMP checksum");
        assertEquals(0, u16(b, 24), "unused");
        return u16(b, 26);
    }

    @Test
    void ipv6GetsPacketTooBigWithTheMtuAndAPseudoHeaderChecksum() {
        Suite s = GCM;
        Selector sel = Selector.between(Subnet.parse("2001:2:0:a::/64"), Subnet.parse("2001:2:0:b::/64"));
        DataPlane a = new DataPlane(DataPlaneConfig.defaults(), () -> 0);
        a.install(new IpsecSaPair(1, "r", Fixtures.bundle(s, Direction.INBOUND, 0x2100, 0x2180, "2001:2::2", "2001:2::1", sel.mirror()),
                Fixtures.bundle(s, Direction.OUTBOUND, 0x2000, 0x2080, "2001:2::1", "2001:2::2", sel)));
        a.replaceSpd(Fixtures.negotiateSpd("r", sel));
        a.pathMtuSource(peer -> MTU);
        int fit = largest(40, 8, 16, 4, 0);              // RFC 8200: 40-byte outer header
        assertEquals(1326, fit);
        byte[] src = Subnet.parse("2001:2:0:a::5").network().getAddress();
        byte[] dst = Subnet.parse("2001:2:0:b::9").network().getAddress();
        PacketBuffer pa = a.newPacketBuffer();
        byte[] fits = Packets.udp6(src, dst, 7, 9, fit - 48);
        assertEquals(Verdict.TRANSMIT, send(a, pa, fits));
        assertEquals(MTU, pa.length());
        byte[] big = Packets.udp6(src, dst, 7, 9, 1452);
        assertEquals(Verdict.DELIVER, send(a, pa, big));
        byte[] b = Arrays.copyOfRange(pa.array(), pa.offset(), pa.offset() + pa.length());
        assertEquals(1280, b.length, "RFC 4443 §2.4(c): as much as fits in the minimum MTU");
        assertEquals(6, (b[0] & 0xff) >> 4);
        assertEquals(b.length - 40, u16(b, 4), "payload length");
        assertEquals(58, b[6], "next header ICMPv6");
        assertArrayEquals(src, Arrays.copyOfRange(b, 24, 40), "to the sender");
        assertArrayEquals(dst, Arrays.copyOfRange(b, 8, 24), "from its destination");
        assertEquals(2, b[40], "packet too big");
        assertEquals(0, b[41]);
        assertEquals(fit, (int) (u16(b, 44) << 16 | u16(b, 46)), "MTU");
        long pseudo = sum(b, 8, 32, b.length - 40 + 58);         // RFC 8200 §8.1: addresses, length, next header
        assertEquals(0, complement(sum(b, 40, b.length - 40, pseudo)), "ICMPv6 checksum");
        assertArrayEquals(Arrays.copyOf(big, 1232), Arrays.copyOfRange(b, 48, 1280));
    }

    @Test
    void answersAreRateLimitedUntilTheNextTick() {
        Link l = link(GCM);
        for (int i = 0; i < DataPlane.ICMP_ERRORS_PER_TICK; i++) assertEquals(Verdict.DELIVER, l.send(ping(1500, true)));
        assertEquals(Verdict.DROP, l.send(ping(1500, true)));
        assertEquals(DropReason.PATH_MTU_EXCEEDED_UNANSWERED, l.pa.dropReason());
        l.a.tick();
        assertEquals(Verdict.DELIVER, l.send(ping(1500, true)));
        var drops = l.a.statistics().drops();
        assertEquals(DataPlane.ICMP_ERRORS_PER_TICK + 1L, drops.get(DropReason.PATH_MTU_EXCEEDED));
        assertEquals(1L, drops.get(DropReason.PATH_MTU_EXCEEDED_UNANSWERED));
    }

    @Test
    void anIcmpErrorIsNeverAnswered() {
        Link l = link(GCM);
        byte[] p = ping(1500, true);
        p[20] = 3;                                        // RFC 1122 §3.2.2: an error about an error
        assertEquals(Verdict.DROP, l.send(p));
        assertEquals(DropReason.PATH_MTU_EXCEEDED_UNANSWERED, l.pa.dropReason());
    }

    @Test
    void anUnknownPathMtuChecksNothing() {
        Link l = new Link(GCM);
        assertEquals(Verdict.TRANSMIT, l.send(ping(1500, true)));
        l.a.pathMtuSource(peer -> MTU);
        assertEquals(Verdict.DELIVER, l.send(ping(1500, true)), "a source set later applies to installed SAs");
    }

    private static Verdict send(DataPlane dp, PacketBuffer pkt, byte[] p) {
        System.arraycopy(p, 0, pkt.array(), PacketBuffer.HEADROOM, p.length);
        pkt.loadIp(p.length);
        return dp.outbound(pkt);
    }

    static int u16(byte[] b, int o) {
        return (b[o] & 0xff) << 8 | b[o + 1] & 0xff;
    }

    /** RFC 1071 §4.1, written out: the folded one's complement sum, complemented (0 over a valid checksum). */
    static int rfc1071(byte[] b, int off, int len, int initial) {
        return complement(sum(b, off, len, initial));
    }

    private static long sum(byte[] b, int off, int len, long initial) {
        long sum = initial;
        for (int i = 0; i + 1 < len; i += 2) sum += u16(b, off + i);
        if (len % 2 == 1) sum += (b[off + len - 1] & 0xff) << 8;
        return sum;
    }

    private static int complement(long sum) {
        while (sum >> 16 != 0) sum = (sum & 0xffff) + (sum >> 16);
        return (int) (~sum & 0xffff);
    }
}
