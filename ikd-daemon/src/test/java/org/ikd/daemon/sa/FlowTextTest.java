package org.ikd.daemon.sa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.ikd.esp.packet.Flow;
import org.junit.jupiter.api.Test;

/**
 * {@link Acquisition#describe}: the text of a flow, as the Oakley log's ACQUIRE line shows the
 * packet that started a negotiation: addresses as RFC 5952 §4 writes them (IPv6 was printed as two
 * hex longs, "2001000200000000:1").
 * Packets written field by field from RFC 8200 §3, RFC 4443 §4.1 and RFC 791 §3.1.
 */
class FlowTextTest {
    @Test
    void writesAnIpv6EchoRequestWithCompressedAddresses() {
        byte[] p = HexFormat.of().parseHex("60000000" + "0008" + "3a" + "40"                 // payload 8, ICMPv6, hop limit 64
                + "20010002000000000000000000000001" + "20010002000000000000000000000002"  // 2001:2::1 -> 2001:2::2
                + "80000000" + "00010001");                                                // echo request, id 1, seq 1
        Flow f = new Flow();
        assertTrue(f.parse(p, 0, p.length));
        assertEquals("2001:2::1 -> 2001:2::2 proto 58", Acquisition.describe(f));
    }

    @Test
    void writesAnIpv4TcpSegmentWithPorts() {
        byte[] p = HexFormat.of().parseHex("45000028" + "00004000" + "4006" + "0000"        // 40 bytes, DF, TTL 64, TCP
                + "c6120001" + "c6120002"                                                  // 198.18.0.1 -> 198.18.0.2
                + "3039" + "0050" + "00000000" + "00000000" + "50020000" + "00000000");    // 12345 -> 80, SYN
        Flow f = new Flow();
        assertTrue(f.parse(p, 0, p.length));
        assertEquals("198.18.0.1[12345] -> 198.18.0.2[80] proto 6", Acquisition.describe(f));
    }
}
