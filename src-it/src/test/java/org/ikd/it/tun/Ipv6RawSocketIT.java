package org.ikd.it.tun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.ikd.tun.IpFamily;
import org.ikd.tun.RawIpSocket;
import org.ikd.tun.SourceAddress;
import org.ikd.tun.posix.PosixRawIpSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An IPv6 raw ESP socket hands out the packet with an IPv6 header in front, rebuilt from the
 * ancillary data (the kernel itself delivers only the payload, raw(7)): namespaces a (2001:2::1)
 * and b (2001:2::2) on a veth pair; the expected header is written field by field from RFC 8200 §3.
 */
class Ipv6RawSocketIT {
    private static final byte[] A = HexFormat.of().parseHex("20010002000000000000000000000001");
    private static final byte[] B = HexFormat.of().parseHex("20010002000000000000000000000002");
    private static final int ESP = 50;
    private TestNamespace a;
    private TestNamespace b;
    private final ExecutorService receivers = Executors.newCachedThreadPool();

    @BeforeEach
    void vethBetweenTwoNamespaces() throws Exception {
        assumeTrue(TestNamespace.isRoot(), "needs root: network namespaces and raw sockets");
        a = TestNamespace.create("ik6-tun");
        b = TestNamespace.create("ik6-tun");
        a.ip("link", "add", "ik6va", "type", "veth", "peer", "name", "ik6vb", "netns", b.name);
        a.ip("-6", "addr", "add", "2001:2::1/64", "dev", "ik6va", "nodad");
        b.ip("-6", "addr", "add", "2001:2::2/64", "dev", "ik6vb", "nodad");
        a.ip("link", "set", "ik6va", "up");
        b.ip("link", "set", "ik6vb", "up");
    }

    @AfterEach
    void cleanup() throws Exception {
        receivers.shutdownNow();
        if (a != null) a.close();
        if (b != null) b.close();
    }

    private Future<byte[]> receiveOne(RawIpSocket socket, SourceAddress from) {
        return receivers.submit(() -> {
            byte[] buf = new byte[2048];
            int n = socket.receive(buf, 0, buf.length, from);
            return n < 0 ? null : Arrays.copyOf(buf, n);
        });
    }

    /** RFC 4303 §2: SPI, sequence number, then opaque bytes. */
    private static byte[] esp(int length) {
        byte[] p = new byte[length];
        p[0] = 0x12;
        p[1] = 0x34;
        p[7] = 1;
        for (int i = 8; i < length; i++) p[i] = (byte) i;
        return p;
    }

    @Test
    void rebuildsTrafficClassHopLimitAndBothAddresses() throws Exception {
        try (RawIpSocket rx = b.call(() -> PosixRawIpSocket.open(IpFamily.IPV6, ESP, 0, null));
             RawIpSocket tx = a.call(() -> PosixRawIpSocket.openHeaderIncluded(IpFamily.IPV6, 0))) {
            SourceAddress from = new SourceAddress();
            Future<byte[]> received = receiveOne(rx, from);
            byte[] payload = esp(48);
            // version 6, traffic class 0xb8 (DSCP EF), flow label 0x12345 | payload length 48, next header 50, hop limit 200
            byte[] header = HexFormat.of().parseHex("6b812345" + "0030" + "32" + "c8");
            byte[] packet = concat(header, A, B, payload);
            assertEquals(packet.length, tx.sendPacket(packet, 0, packet.length));
            byte[] got = received.get(5, TimeUnit.SECONDS);
            // the flow label is not delivered (RFC 3542 has no ancillary data for it on receive): 0
            assertArrayEquals(concat(HexFormat.of().parseHex("6b800000" + "0030" + "32" + "c8"), A, B, payload), got);
            assertEquals(InetAddress.getByAddress(A), from.toInetAddress());
        }
    }

    @Test
    void rebuildsTheHeaderOfWhatTheKernelSentForAPlainSocket() throws Exception {
        try (RawIpSocket rx = b.call(() -> PosixRawIpSocket.open(IpFamily.IPV6, ESP, 0, InetAddress.getByAddress(B)));
             RawIpSocket tx = a.call(() -> PosixRawIpSocket.open(IpFamily.IPV6, ESP, 0, null))) {
            Future<byte[]> received = receiveOne(rx, null);
            byte[] payload = esp(64);
            assertEquals(64, tx.send(payload, 0, payload.length, InetAddress.getByAddress(B)));
            byte[] got = received.get(5, TimeUnit.SECONDS);
            // net.ipv6.conf.*.hop_limit defaults to 64 (ip-sysctl.rst), traffic class 0
            assertArrayEquals(concat(HexFormat.of().parseHex("60000000" + "0040" + "32" + "40"), A, B, payload), got);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
