package org.ikd.tun.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The eight-bytes-at-a-time sum against the plain RFC 1071 §4.1 loop, written here in the test. */
class InternetChecksumTest {
    /** RFC 1071 §4.1, 16-bit words, carries folded at the end. */
    private static int reference(byte[] b, int off, int len) {
        long sum = 0;
        int i = off;
        for (; len > 1; len -= 2, i += 2) sum += (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
        if (len > 0) sum += (b[i] & 0xff) << 8;
        while ((sum >>> 16) != 0) sum = (sum & 0xffff) + (sum >>> 16);
        return (int) sum;
    }

    @Test
    void sumsLikeTheRfc1071LoopAtEveryOffsetAndLength() {
        Random r = new Random(1071);
        byte[] b = new byte[65_600];
        r.nextBytes(b);
        for (int off = 0; off < 9; off++)
            for (int len = 0; len < 300; len++)
                assertEquals(reference(b, off, len), InternetChecksum.fold(InternetChecksum.add(0, b, off, len)), off + "/" + len);
        assertEquals(reference(b, 3, 65_535), InternetChecksum.fold(InternetChecksum.add(0, b, 3, 65_535)), "a 64 KiB packet");
        java.util.Arrays.fill(b, (byte) 0xff);
        assertEquals(reference(b, 1, 65_535), InternetChecksum.fold(InternetChecksum.add(0, b, 1, 65_535)), "all ones: the most carries");
    }

    @Test
    void matchesTheWorkedExampleOfRfc1071() {
        // RFC 1071 §3: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2 (one's complement, before the final complement)
        byte[] b = {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7};
        assertEquals(0xddf2, InternetChecksum.fold(InternetChecksum.add(0, b, 0, 8)));
    }
}
