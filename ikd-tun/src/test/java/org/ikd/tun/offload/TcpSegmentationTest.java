package org.ikd.tun.offload;

import static org.ikd.tun.offload.TestPackets.ACK;
import static org.ikd.tun.offload.TestPackets.CWR;
import static org.ikd.tun.offload.TestPackets.FIN;
import static org.ikd.tun.offload.TestPackets.PSH;
import static org.ikd.tun.offload.TestPackets.put16;
import static org.ikd.tun.offload.TestPackets.rfc1071;
import static org.ikd.tun.offload.TestPackets.tcp;
import static org.ikd.tun.offload.TestPackets.tcpChecksumOver;
import static org.ikd.tun.offload.TestPackets.u16;
import static org.ikd.tun.offload.TestPackets.u32;
import static org.ikd.tun.offload.TestPackets.vnet;
import static org.ikd.tun.offload.TestPackets.withHeader;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Expectations: header fields of hand-built packets and checksums by the tests' own RFC 1071 routine. */
class TcpSegmentationTest {
    private static final int HEADROOM = 192;
    private final TcpSegmentation segmentation = new TcpSegmentation();

    @Test
    void cutsAnIpv4SuperpacketIntoGsoSizedSegmentsWithCompleteChecksums() {
        byte[] sp = tcp(false, 0xfffff000L, ACK | PSH | FIN, 2500, 0x0100);
        byte[] in = withHeader(vnet(1, 1, 52, 1000, 20, 16), sp);
        assertEquals(3, segmentation.load(in, 0, in.length));
        byte[] dst = new byte[HEADROOM + 2000];
        for (int i = 0; i < 3; i++) {
            int n = segmentation.segment(i, dst, HEADROOM, 2000);
            int payload = i < 2 ? 1000 : 500;
            assertEquals(52 + payload, n);
            assertEquals(n, u16(dst, HEADROOM + 2), "total length");
            assertEquals(0x0100 + i, u16(dst, HEADROOM + 4), "identification");
            assertEquals(0, rfc1071(dst, HEADROOM, 20), "IPv4 header checksum verifies");
            assertEquals((0xfffff000L + i * 1000L) & 0xffffffffL, u32(dst, HEADROOM + 24), "sequence wraps mod 2^32");
            int flags = dst[HEADROOM + 33] & 0xff;
            assertEquals(i == 2 ? ACK | PSH | FIN : ACK, flags);
            assertEquals(0, tcpChecksumOver(dst, HEADROOM, n, 20), "TCP checksum verifies");
            assertArrayEquals(Arrays.copyOfRange(sp, 52 + i * 1000, 52 + i * 1000 + payload),
                    Arrays.copyOfRange(dst, HEADROOM + 52, HEADROOM + n));
        }
    }

    @Test
    void cutsAnIpv6SuperpacketAndFixesThePayloadLength() {
        byte[] sp = tcp(true, 7, ACK | PSH, 3000, 0);
        byte[] in = withHeader(vnet(1, 4, 72, 1428, 40, 16), sp);
        assertEquals(3, segmentation.load(in, 0, in.length));
        byte[] dst = new byte[1600];
        int[] payloads = {1428, 1428, 144};
        for (int i = 0; i < 3; i++) {
            int n = segmentation.segment(i, dst, 0, dst.length);
            assertEquals(72 + payloads[i], n);
            assertEquals(32 + payloads[i], u16(dst, 4), "IPv6 payload length");
            assertEquals(7 + i * 1428L, u32(dst, 44));
            assertEquals(i == 2 ? ACK | PSH : ACK, dst[53] & 0xff);
            assertEquals(0, tcpChecksumOver(dst, 0, n, 40), "TCP checksum verifies");
        }
    }

    @Test
    void keepsCwrOnTheFirstSegmentOnly() {
        byte[] sp = tcp(false, 1, ACK | CWR, 200, 1);
        byte[] in = withHeader(vnet(1, 1 | 0x80, 52, 100, 20, 16), sp);
        assertEquals(2, segmentation.load(in, 0, in.length));
        byte[] dst = new byte[400];
        segmentation.segment(0, dst, 0, 400);
        assertEquals(ACK | CWR, dst[33] & 0xff);
        segmentation.segment(1, dst, 0, 400);
        assertEquals(ACK, dst[33] & 0xff);
    }

    @Test
    void completesThePartialChecksumOfAPlainPacket() {
        byte[] pkt = tcp(false, 99, ACK | PSH, 333, 5);
        int full = u16(pkt, 36);
        put16(pkt, 36, TestPackets.pseudoHeaderSum(pkt, 0, pkt.length, 20));     // what the kernel leaves
        byte[] in = withHeader(vnet(1, 0, 0, 0, 20, 16), pkt);
        assertEquals(1, segmentation.load(in, 0, in.length));
        byte[] dst = new byte[1000];
        assertEquals(pkt.length, segmentation.segment(0, dst, 10, 990));
        assertEquals(full, u16(dst, 10 + 36));
        assertEquals(0, tcpChecksumOver(dst, 10, pkt.length, 20));
    }

    @Test
    void copiesAPlainPacketWithACompleteChecksumUnchanged() {
        byte[] pkt = tcp(true, 5, ACK, 10, 0);
        byte[] in = withHeader(vnet(0, 0, 0, 0, 0, 0), pkt);
        assertEquals(1, segmentation.load(in, 0, in.length));
        byte[] dst = new byte[pkt.length];
        assertEquals(pkt.length, segmentation.segment(0, dst, 0, dst.length));
        assertArrayEquals(pkt, dst);
    }

    @Test
    void rejectsASuperpacketWithoutPayloadOrWithTheWrongIpVersion() {
        byte[] empty = withHeader(vnet(1, 1, 52, 1000, 20, 16), tcp(false, 1, ACK, 0, 1));
        assertEquals(0, segmentation.load(empty, 0, empty.length));
        byte[] v6AsV4 = withHeader(vnet(1, 1, 72, 1000, 40, 16), tcp(true, 1, ACK, 3000, 1));
        assertEquals(0, segmentation.load(v6AsV4, 0, v6AsV4.length));
        byte[] zeroSize = withHeader(vnet(1, 1, 52, 0, 20, 16), tcp(false, 1, ACK, 3000, 1));
        assertEquals(0, segmentation.load(zeroSize, 0, zeroSize.length));
    }

    @Test
    void rejectsAPartialChecksumFieldBeyondThePacket() {
        byte[] in = withHeader(vnet(1, 0, 0, 0, 60, 16), tcp(false, 1, ACK, 4, 1));
        assertEquals(0, segmentation.load(in, 0, in.length));
    }

    @Test
    void refusesToWriteASegmentThatDoesNotFit() {
        byte[] in = withHeader(vnet(1, 1, 52, 1000, 20, 16), tcp(false, 1, ACK, 2000, 1));
        assertEquals(2, segmentation.load(in, 0, in.length));
        assertEquals(-1, segmentation.segment(0, new byte[2000], 0, 1051));
        assertTrue(segmentation.segment(0, new byte[2000], 0, 1052) > 0);
    }

    @ParameterizedTest(name = "IPv6 {0}, direct buffer {1}")
    @CsvSource({"false, false", "false, true", "true, false", "true, true"})
    void writesEachSegmentOnceAtTheCallersOffsetAsTheIndependentlyBuiltPacket(boolean v6, boolean direct) {
        // Expected: segment i is the packet TestPackets.tcp builds itself (its own RFC 1071 checksums)
        // with sequence seq + i*gso_size, identification id + i, FIN/PSH on the last segment only.
        int ipLen = v6 ? 40 : 20;
        int gso = 1000;
        long seq = 0xfffffc00L;                                              // wraps within the superpacket
        byte[] sp = tcp(v6, seq, ACK | PSH | FIN, 2500, 0x0100);
        byte[] in = withHeader(vnet(1, v6 ? 4 : 1, ipLen + 32, gso, ipLen, 16), sp);
        assertEquals(3, segmentation.load(in, 0, in.length));
        for (int i = 0; i < 3; i++) {
            int payload = i < 2 ? gso : 500;
            byte[] expected = tcp(v6, seq + (long) i * gso, i == 2 ? ACK | PSH | FIN : ACK, payload, 0x0100 + i);
            byte[] got = segmentAtHeadroom(i, direct, HEADROOM + 1100);
            assertArrayEquals(expected, got, "segment " + i);
            assertEquals(0, tcpChecksumOver(got, 0, got.length, ipLen), "TCP checksum verifies");
            if (!v6) assertEquals(0, rfc1071(got, 0, 20), "IPv4 header checksum verifies");
        }
    }

    @ParameterizedTest(name = "direct buffer {0}")
    @ValueSource(booleans = {false, true})
    void completesAPartialChecksumWrittenAtTheCallersOffset(boolean direct) {
        byte[] pkt = tcp(false, 99, ACK | PSH, 333, 5);                      // complete checksum, by the tests
        byte[] partial = pkt.clone();
        put16(partial, 36, TestPackets.pseudoHeaderSum(pkt, 0, pkt.length, 20));
        byte[] in = withHeader(vnet(1, 0, 0, 0, 20, 16), partial);
        assertEquals(1, segmentation.load(in, 0, in.length));
        assertArrayEquals(pkt, segmentAtHeadroom(0, direct, HEADROOM + 400));
    }

    @Test
    void leavesADirectBufferAloneWhenTheSegmentDoesNotFit() {
        byte[] in = withHeader(vnet(1, 1, 52, 1000, 20, 16), tcp(false, 1, ACK, 2000, 1));
        assertEquals(2, segmentation.load(in, 0, in.length));
        ByteBuffer dst = ByteBuffer.allocateDirect(HEADROOM + 1051).position(HEADROOM);
        assertEquals(-1, segmentation.segment(0, dst));
        assertEquals(HEADROOM, dst.position());
        assertEquals(1052, segmentation.segment(0, dst.limit(HEADROOM + 1051).position(HEADROOM - 1)));
        assertEquals(HEADROOM + 1051, dst.position());
    }

    /**
     * Writes segment {@code i} at {@link #HEADROOM} of a caller's buffer of {@code size} bytes filled
     * with 0x5a; checks that nothing before the offset or after the packet changed; returns the packet.
     */
    private byte[] segmentAtHeadroom(int i, boolean direct, int size) {
        byte[] whole = new byte[size];
        int n;
        if (direct) {
            ByteBuffer dst = ByteBuffer.allocateDirect(size).order(ByteOrder.LITTLE_ENDIAN);   // order must not matter
            for (int k = 0; k < size; k++) dst.put(k, (byte) 0x5a);
            dst.position(HEADROOM);
            n = segmentation.segment(i, dst);
            assertEquals(HEADROOM + n, dst.position(), "the position advances past the packet");
            dst.get(0, whole);
        } else {
            Arrays.fill(whole, (byte) 0x5a);
            n = segmentation.segment(i, whole, HEADROOM, size - HEADROOM);
        }
        assertTrue(n > 0);
        for (int k = 0; k < size; k++)
            if (k < HEADROOM || k >= HEADROOM + n) assertEquals(0x5a, whole[k] & 0xff, "byte " + k + " is not the packet's");
        return Arrays.copyOfRange(whole, HEADROOM, HEADROOM + n);
    }

    @Test
    void sumsTheRfc1071Example() {
        // RFC 1071 §3: bytes 00 01 f2 03 f4 f5 f6 f7 sum (with end-around carry) to ddf2
        byte[] b = {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7};
        assertEquals(0xddf2, InternetChecksum.fold(InternetChecksum.add(0, b, 0, b.length)));
    }
}
