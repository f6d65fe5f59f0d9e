package org.ikd.it.tun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.ikd.tun.IpFamily;
import org.ikd.tun.IpPrefix;
import org.ikd.tun.LinkSettings;
import org.ikd.tun.RawIpSocket;
import org.ikd.tun.SourceAddress;
import org.ikd.tun.TunDevice;
import org.ikd.tun.posix.PosixLinkLayer;
import org.ikd.tun.posix.PosixRawIpSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Raw ESP sockets across a veth pair between namespaces a (198.18.1.1) and b (198.18.1.2). */
class TunRawIpSocketIT {
    private static final byte[] A = {(byte) 198, 18, 1, 1};
    private static final byte[] B = {(byte) 198, 18, 1, 2};
    private static final int ESP = 50;
    private TestNamespace a;
    private TestNamespace b;
    private final ExecutorService receivers = Executors.newCachedThreadPool();

    @BeforeEach
    void vethBetweenTwoNamespaces() throws Exception {
        assumeTrue(TestNamespace.isRoot(), "needs root: network namespaces and raw sockets");
        a = TestNamespace.create();
        b = TestNamespace.create();
        a.ip("link", "add", "ikdvetha", "type", "veth", "peer", "name", "ikdvethb", "netns", b.name);
        a.ip("addr", "add", "198.18.1.1/24", "dev", "ikdvetha");
        b.ip("addr", "add", "198.18.1.2/24", "dev", "ikdvethb");
        a.ip("link", "set", "ikdvetha", "up");
        b.ip("link", "set", "ikdvethb", "up");
    }

    @AfterEach
    void cleanup() throws Exception {
        receivers.shutdownNow();
        if (a != null) a.close();
        if (b != null) b.close();
    }

    private static byte[] esp(int spi, int seq, int length) {
        byte[] p = new byte[length];                             // RFC 4303 §2: SPI, sequence number, opaque rest
        p[0] = (byte) (spi >>> 24); p[1] = (byte) (spi >>> 16); p[2] = (byte) (spi >>> 8); p[3] = (byte) spi;
        p[7] = (byte) seq;
        for (int i = 8; i < length; i++) p[i] = (byte) i;
        return p;
    }

    private Future<byte[]> receiveOne(RawIpSocket socket, SourceAddress from) {
        return receivers.submit(() -> {
            byte[] buf = new byte[2048];
            int n = socket.receive(buf, 0, buf.length, from);
            return n < 0 ? null : Arrays.copyOf(buf, n);
        });
    }

    @Test
    void espPayloadArrivesWithTheIpHeaderAndTheSendersAddress() throws Exception {
        try (RawIpSocket rx = b.call(() -> PosixRawIpSocket.open(IpFamily.IPV4, ESP, 0, InetAddress.getByAddress(B)));
             RawIpSocket tx = a.call(() -> PosixRawIpSocket.open(IpFamily.IPV4, ESP, 0, null))) {
            SourceAddress from = new SourceAddress();
            Future<byte[]> received = receiveOne(rx, from);
            byte[] payload = esp(0x1234, 1, 64);
            assertEquals(64, tx.send(payload, 0, payload.length, InetAddress.getByAddress(B)));
            byte[] packet = received.get(5, TimeUnit.SECONDS);
            assertEquals(20 + 64, packet.length);                    // raw(7): IPv4 raw sockets deliver the header
            assertEquals(ESP, Packets.protocol(packet));
            assertArrayEquals(A, Arrays.copyOfRange(packet, 12, 16));
            assertArrayEquals(payload, Arrays.copyOfRange(packet, 20, packet.length));
            assertEquals(InetAddress.getByAddress(A), from.toInetAddress());
            assertEquals(0xc6120101, from.ipv4());
        }
    }

    @Test
    void headerIncludedSocketSendsThePacketUnmodified() throws Exception {
        try (RawIpSocket rx = b.call(() -> PosixRawIpSocket.open(IpFamily.IPV4, ESP, 0, null));
             RawIpSocket tx = a.call(() -> PosixRawIpSocket.openHeaderIncluded(IpFamily.IPV4, 0))) {
            Future<byte[]> received = receiveOne(rx, null);
            byte[] packet = Packets.ipv4(0x1d1d, 17, ESP, A, B, esp(0x99, 7, 40));
            assertEquals(packet.length, tx.sendPacket(packet, 0, packet.length));
            assertArrayEquals(packet, received.get(5, TimeUnit.SECONDS));     // id, TTL, DF, checksum as built
        }
    }

    @Test
    void markedSocketBypassesTheTunTableWhileUnmarkedPacketsEnterTheTun() throws Exception {
        LinkSettings settings = new LinkSettings("ikdtun0", 1, 1400, List.of(), 4242, 4242, 0x2a, "ikdit");
        PosixLinkLayer layer = a.call(() -> PosixLinkLayer.open(settings));
        try (RawIpSocket rx = b.call(() -> PosixRawIpSocket.open(IpFamily.IPV4, ESP, 0, null));
             RawIpSocket unmarked = a.call(() -> PosixRawIpSocket.open(IpFamily.IPV4, ESP, 0, null));
             RawIpSocket marked = a.call(() -> layer.openRawSocket(IpFamily.IPV4, ESP, null))) {
            TunDevice tun = a.call(layer::openTun);
            a.call(() -> {
                layer.routeIntoTun(IpPrefix.parse("198.18.1.2/32"));     // the peer itself: transport mode
                return null;
            });
            Future<byte[]> fromTun = receivers.submit(() -> {
                byte[] buf = new byte[2048];
                for (int i = 0; i < 50; i++) {                           // skip IPv6 chatter of a fresh link
                    int n = tun.queues().get(0).read(buf, 0, buf.length);
                    if (n < 0) return null;
                    if (Packets.isIpv4(buf, n) && Packets.protocol(buf) == ESP) return Arrays.copyOf(buf, n);
                }
                return null;
            });
            byte[] first = esp(0x1, 1, 32);
            assertEquals(32, unmarked.send(first, 0, first.length, InetAddress.getByAddress(B)));
            byte[] diverted = fromTun.get(5, TimeUnit.SECONDS);
            assertArrayEquals(B, Arrays.copyOfRange(diverted, 16, 20));
            assertArrayEquals(first, Arrays.copyOfRange(diverted, 20, diverted.length));

            Future<byte[]> atPeer = receiveOne(rx, null);
            byte[] second = esp(0x2, 2, 32);
            assertEquals(32, marked.send(second, 0, second.length, InetAddress.getByAddress(B)));
            byte[] delivered = atPeer.get(5, TimeUnit.SECONDS);
            assertArrayEquals(second, Arrays.copyOfRange(delivered, 20, delivered.length));
        } finally {
            a.call(() -> {
                layer.close();
                return null;
            });
        }
    }

    @Test
    void unroutableDestinationIsANegativeErrnoNotAnException() throws Exception {
        try (RawIpSocket tx = a.call(() -> PosixRawIpSocket.open(IpFamily.IPV4, ESP, 0, null))) {
            byte[] payload = esp(0x3, 1, 16);
            assertEquals(-101, tx.send(payload, 0, payload.length, InetAddress.getByName("198.19.77.1")));   // ENETUNREACH
        }
    }

    @Test
    void closeWakesABlockedReceiver() throws Exception {
        RawIpSocket rx = b.call(() -> PosixRawIpSocket.open(IpFamily.IPV4, ESP, 0, null));
        Future<byte[]> received = receiveOne(rx, null);
        Thread.sleep(300);
        assertTrue(!received.isDone(), "receive returned with nothing sent");
        rx.close();
        assertEquals(null, received.get(5, TimeUnit.SECONDS));
    }
}
