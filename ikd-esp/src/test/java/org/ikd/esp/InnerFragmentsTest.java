package org.ikd.esp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.sa.Mode;
import org.ikd.esp.Fixtures.Link;
import org.ikd.esp.Fixtures.Suite;
import org.junit.jupiter.api.Test;

/**
 * RFC 4301 §8.1 pre-fragmentation: an IPv4 packet without DF too big for the path after ESP is cut
 * into RFC 791 fragments, each protected on its own and each within the path MTU; the far gateway
 * delivers fragments that reassemble (offsets in 8-byte units, MF on all but the last) into the
 * original datagram.
 */
class InnerFragmentsTest {
    private static final int MTU = 1400;
    private static final int FIT = 1346;                  // PathMtuTest: AES-GCM tunnel in 1400 bytes

    @Test
    void aLargePacketWithoutDfGoesOutInFragmentsThatReassemble() {
        Link l = new Link(Suite.esp(EspCipher.AES_GCM_16, 256, null, Mode.TUNNEL));
        l.a.pathMtuSource(peer -> MTU);
        byte[] p = Packets.udp("198.18.10.5", "198.18.20.9", 7, 9, 2972);     // 3000 bytes, as ping -s 2972
        p[6] = 0;                                                               // DF off
        fixHeaderChecksum(p);
        List<byte[]> delivered = new ArrayList<>();
        Verdict v = l.send(p);
        while (true) {
            assertEquals(Verdict.TRANSMIT, v, () -> String.valueOf(l.pa.dropReason()));
            assertTrue(l.pa.length() <= MTU, l.pa.length() + " bytes on the wire");
            assertEquals(Verdict.DELIVER, l.receive(l.wire(), Encapsulation.IP));
            delivered.add(l.delivered());
            if (!l.pa.moreFragments()) break;
            v = l.a.nextFragment(l.pa);
        }
        assertEquals(3, delivered.size(), "(3000 - 20) / 1320 rounded up");
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int i = 0; i < delivered.size(); i++) {
            byte[] f = delivered.get(i);
            assertEquals(f.length, PathMtuTest.u16(f, 2), "total length");
            assertEquals(0, PathMtuTest.rfc1071(f, 0, 20, 0), "header checksum");
            assertTrue(f.length <= FIT, f.length + " bytes");
            int flags = PathMtuTest.u16(f, 6);
            assertEquals(i < delivered.size() - 1, (flags & 0x2000) != 0, "MF");
            assertEquals(data.size() / 8, flags & 0x1fff, "offset in 8-byte units");
            assertArrayEquals(Arrays.copyOf(p, 20), withoutLengthFlagsAndChecksum(f), "the same header otherwise");
            data.write(f, 20, f.length - 20);
        }
        assertArrayEquals(Arrays.copyOfRange(p, 20, p.length), data.toByteArray());
    }

    @Test
    void withDfTheSamePacketIsAnsweredInstead() {
        Link l = new Link(Suite.esp(EspCipher.AES_GCM_16, 256, null, Mode.TUNNEL));
        l.a.pathMtuSource(peer -> MTU);
        assertEquals(Verdict.DELIVER, l.send(Packets.udp("198.18.10.5", "198.18.20.9", 7, 9, 2972)));
        assertFalse(l.pa.moreFragments());
    }

    private static byte[] withoutLengthFlagsAndChecksum(byte[] f) {
        byte[] h = Arrays.copyOf(f, 20);
        h[2] = 0x0b;                                      // 3000 = 0x0bb8
        h[3] = (byte) 0xb8;
        h[6] = 0;
        h[7] = 0;
        fixHeaderChecksum(h);
        return h;
    }

    private static void fixHeaderChecksum(byte[] p) {
        p[10] = 0;
        p[11] = 0;
        int c = PathMtuTest.rfc1071(p, 0, 20, 0);
        p[10] = (byte) (c >> 8);
        p[11] = (byte) c;
    }
}
