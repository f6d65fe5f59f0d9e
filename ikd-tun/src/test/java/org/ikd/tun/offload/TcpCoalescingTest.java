package org.ikd.tun.offload;

import static org.ikd.tun.offload.TestPackets.ACK;
import static org.ikd.tun.offload.TestPackets.FIN;
import static org.ikd.tun.offload.TestPackets.PSH;
import static org.ikd.tun.offload.TestPackets.SYN;
import static org.ikd.tun.offload.TestPackets.pseudoHeaderSum;
import static org.ikd.tun.offload.TestPackets.rfc1071;
import static org.ikd.tun.offload.TestPackets.tcp;
import static org.ikd.tun.offload.TestPackets.u16;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Expectations: hand-built segments, virtio_net_hdr fields from linux/virtio_net.h, RFC 1071 by the test. */
class TcpCoalescingTest {
    private final TcpCoalescing coalescing = new TcpCoalescing();

    private boolean offer(byte[] p) {
        return coalescing.offer(p, 0, p.length);
    }

    @Test
    void mergesContiguousIpv4SegmentsIntoOneTcpv4Superpacket() {
        byte[] a = tcp(false, 1000, ACK, 1348, 1);
        byte[] b = tcp(false, 2348, ACK, 1348, 2);
        byte[] c = tcp(false, 3696, ACK | PSH, 700, 3);
        assertTrue(offer(a) && offer(b) && offer(c));
        int n = coalescing.drain();
        byte[] s = coalescing.array();
        int ipLen = 52 + 1348 * 2 + 700;
        assertEquals(10 + ipLen, n);
        // virtio_net_hdr: NEEDS_CSUM, TCPV4, hdr_len 52, gso_size 1348, csum_start 20, csum_offset 16
        assertArrayEquals(TestPackets.vnet(1, 1, 52, 1348, 20, 16), Arrays.copyOf(s, 10));
        assertEquals(ipLen, u16(s, 12));
        assertEquals(0, rfc1071(s, 10, 20), "IPv4 header checksum verifies");
        assertEquals(pseudoHeaderSum(s, 10, ipLen, 20), u16(s, 10 + 36), "pseudo-header sum in the TCP field");
        assertEquals(ACK | PSH, s[10 + 33] & 0xff);
        assertArrayEquals(Arrays.copyOfRange(a, 52, a.length), Arrays.copyOfRange(s, 62, 62 + 1348));
        assertArrayEquals(Arrays.copyOfRange(c, 52, c.length), Arrays.copyOfRange(s, n - 700, n));
        assertTrue(coalescing.isEmpty());
    }

    @Test
    void aSuperpacketSegmentsBackIntoTheOriginalPackets() {
        byte[][] in = {tcp(false, 1, ACK, 1000, 7), tcp(false, 1001, ACK, 1000, 8), tcp(false, 2001, ACK, 10, 9)};
        for (byte[] p : in) assertTrue(offer(p));
        int n = coalescing.drain();
        TcpSegmentation seg = new TcpSegmentation();
        assertEquals(3, seg.load(coalescing.array(), 0, n));
        byte[] out = new byte[1100];
        for (int i = 0; i < 3; i++) {
            int len = seg.segment(i, out, 0, out.length);
            assertArrayEquals(in[i], Arrays.copyOf(out, len), "segment " + i);
        }
    }

    @Test
    void mergesIpv6SegmentsIntoATcpv6Superpacket() {
        assertTrue(offer(tcp(true, 1, ACK, 1000, 0)) && offer(tcp(true, 1001, ACK, 1000, 0)));
        int n = coalescing.drain();
        byte[] s = coalescing.array();
        assertArrayEquals(TestPackets.vnet(1, 4, 72, 1000, 40, 16), Arrays.copyOf(s, 10));
        assertEquals(32 + 2000, u16(s, 14), "IPv6 payload length");
        assertEquals(pseudoHeaderSum(s, 10, n - 10, 40), u16(s, 10 + 56));
    }

    @Test
    void writesASingleSegmentUnchangedWithAPlainHeader() {
        byte[] a = tcp(false, 5, ACK | PSH, 100, 1);
        assertTrue(offer(a));
        int n = coalescing.drain();
        assertArrayEquals(new byte[10], Arrays.copyOf(coalescing.array(), 10));
        assertArrayEquals(a, Arrays.copyOfRange(coalescing.array(), 10, n));
    }

    @Test
    void refusesASegmentAfterAGapInTheSequence() {
        assertTrue(offer(tcp(false, 1, ACK, 1000, 1)));
        assertFalse(offer(tcp(false, 2002, ACK, 1000, 2)));
        assertEquals(1, coalescing.segments());
    }

    @Test
    void refusesSynFinAndSegmentsWithoutPayload() {
        assertFalse(offer(tcp(false, 1, SYN | ACK, 10, 1)));
        assertFalse(offer(tcp(false, 1, FIN | ACK, 10, 1)));
        assertFalse(offer(tcp(false, 1, ACK, 0, 1)));
        assertTrue(coalescing.isEmpty());
    }

    @Test
    void refusesASegmentWhoseChecksumDoesNotVerify() {
        byte[] bad = tcp(false, 1, ACK, 100, 1);
        bad[60] ^= 1;
        assertFalse(offer(bad));
    }

    @Test
    void refusesAFragmentAndAPacketWithoutDontFragment() {
        byte[] noDf = tcp(false, 1, ACK, 100, 1);
        noDf[6] = 0;
        noDf[10] = 0;
        noDf[11] = 0;
        TestPackets.put16(noDf, 10, rfc1071(noDf, 0, 20));
        assertFalse(offer(noDf));
    }

    @Test
    void aShorterSegmentEndsTheRun() {
        assertTrue(offer(tcp(false, 1, ACK, 1000, 1)));
        assertTrue(offer(tcp(false, 1001, ACK, 500, 2)));
        assertFalse(offer(tcp(false, 1501, ACK, 500, 3)));
    }

    @Test
    void refusesALargerSegmentAndAnotherAcknowledgment() {
        assertTrue(offer(tcp(false, 1, ACK, 500, 1)));
        assertFalse(offer(tcp(false, 501, ACK, 1000, 2)));
        byte[] otherAck = tcp(false, 501, ACK, 500, 2);
        otherAck[29] ^= 1;
        TestPackets.put16(otherAck, 36, 0);
        TestPackets.put16(otherAck, 36, TestPackets.tcpChecksumOver(otherAck, 0, otherAck.length, 20));
        assertFalse(offer(otherAck));
    }

    @Test
    void stopsBeforeSixtyFourKibibytes() {
        long seq = 1;
        int held = 0;
        while (offer(tcp(false, seq, ACK, 1348, 1))) {
            seq += 1348;
            held++;
        }
        // 52 + 48 * 1348 = 64756 fits; one more would pass 65535
        assertEquals(48, held);
        assertTrue(coalescing.drain() <= 10 + 65535);
    }
}
