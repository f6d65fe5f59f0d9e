package org.ikd.it.tun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.ikd.tun.IpFamily;
import org.ikd.tun.RawIpSocket;
import org.ikd.tun.posix.PosixRawIpSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An IPv6 raw AH socket hands out the whole packet, extension headers before AH included, because
 * AH's ICV covers them (RFC 4302 §3.3.3.1.2.2): A (2001:2::1) sends, through a header-included socket,
 * IPv6 → Hop-by-Hop (Router Alert, RFC 2711) → Destination Options (an RFC 4727 experimental option)
 * → AH; B's protocol-51 socket must return the same bytes, except the flow label, which the kernel
 * does not deliver (RFC 3542). The packet is written out by hand from RFC 8200 §3-4 and RFC 4302 §2.
 */
class Ipv6AhReceptionIT {
    private static final int AH = 51;
    private static final String A = "20010002000000000000000000000001";
    private static final String B = "20010002000000000000000000000002";
    private static final String EXTENSIONS = "3c00" + "05020000" + "0100"        // Hop-by-Hop, NH 60: Router Alert, PadN
            + "3300" + "3e04cafebabe";                                          // Destination Options, NH 51: option 0x3e
    private static final String AH_AND_PAYLOAD = "3b04" + "0000" + "00000a51" + "00000001"   // NH 59, Payload Len 4, SPI, seq
            + "0102030405060708090a0b0c" + "00".repeat(8);                     // 12-byte ICV, 8 bytes after AH
    private TestNamespace a;
    private TestNamespace b;
    private final ExecutorService receivers = Executors.newCachedThreadPool();

    @BeforeEach
    void vethBetweenTwoNamespaces() throws Exception {
        assumeTrue(TestNamespace.isRoot(), "needs root: network namespaces and raw sockets");
        a = TestNamespace.create("a6-rx");
        b = TestNamespace.create("a6-rx");
        a.ip("link", "add", "a6va", "type", "veth", "peer", "name", "a6vb", "netns", b.name);
        a.ip("-6", "addr", "add", "2001:2::1/64", "dev", "a6va", "nodad");
        b.ip("-6", "addr", "add", "2001:2::2/64", "dev", "a6vb", "nodad");
        a.ip("link", "set", "a6va", "up");
        b.ip("link", "set", "a6vb", "up");
    }

    @AfterEach
    void cleanup() throws Exception {
        receivers.shutdownNow();
        if (a != null) a.close();
        if (b != null) b.close();
    }

    @Test
    void returnsHopByHopAndDestinationOptionsBeforeAh() throws Exception {
        try (RawIpSocket rx = b.call(() -> PosixRawIpSocket.open(IpFamily.IPV6, AH, 0, null));
             RawIpSocket tx = a.call(() -> PosixRawIpSocket.openHeaderIncluded(IpFamily.IPV6, 0))) {
            Future<byte[]> received = receivers.submit(() -> {
                byte[] buf = new byte[2048];
                int n = rx.receive(buf, 0, buf.length, null);
                return n < 0 ? null : Arrays.copyOf(buf, n);
            });
            // version 6, traffic class 0xb8, flow label 0x12345 | payload length 16 + 32 = 48, next header 0, hop limit 200
            byte[] packet = HexFormat.of().parseHex("6b812345" + "0030" + "00" + "c8" + A + B + EXTENSIONS + AH_AND_PAYLOAD);
            assertEquals(packet.length, tx.sendPacket(packet, 0, packet.length));
            byte[] got = received.get(5, TimeUnit.SECONDS);
            byte[] expected = HexFormat.of().parseHex("6b800000" + "0030" + "00" + "c8" + A + B + EXTENSIONS + AH_AND_PAYLOAD);
            assertArrayEquals(expected, got, () -> HexFormat.of().formatHex(got));
        }
    }
}
