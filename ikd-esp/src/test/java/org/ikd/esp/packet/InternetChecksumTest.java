package org.ikd.esp.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class InternetChecksumTest {
    @Test
    void sumsAsRfc1071Section3() {
        // RFC 1071 §3 numerical example: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2.
        byte[] b = HexFormat.of().parseHex("0001f203f4f5f6f7");
        assertEquals(0xddf2, InternetChecksum.fold(InternetChecksum.sum(b, 0, b.length, 0)));
    }

    @Test
    void updatesIncrementallyAsRfc1624Section4() {
        // RFC 1624 §4: HC = 0xdd2f, m = 0x5555 -> m' = 0x3285 gives HC' = 0x0000 with eqn. 3.
        assertEquals(0x0000, InternetChecksum.update16(0xdd2f, 0x5555, 0x3285));
    }

    @Test
    void computesAnIpv4HeaderChecksum() {
        // The header of the Wikipedia "IPv4 header checksum" example, checksum b861.
        byte[] h = HexFormat.of().parseHex("450000730000400040110000c0a80001c0a800c7");
        assertEquals(0xb861, InternetChecksum.compute(h, 0, 20));
        NetworkOrder.put16(h, 10, 0xb861);
        assertTrue(new Ipv4Header().wrap(h, 0).checksumValid());
    }

    @Test
    void addressUpdateEqualsRecomputation() {
        byte[] h = HexFormat.of().parseHex("450000730000400040110000c0a80001c0a800c7");
        int before = InternetChecksum.compute(h, 0, 20);
        Ipv4Header v = new Ipv4Header().wrap(h, 0);
        int old = v.source();
        v.setSource(0x0a000002);
        assertEquals(InternetChecksum.compute(h, 0, 20), InternetChecksum.update32(before, old, 0x0a000002));
    }
}
