package org.ikd.tun.posix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ikd.tun.SourceAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reuseport steering of {@link PosixEspInUdpSocket} on loopback, no privilege needed: a JDK
 * DatagramChannel with SO_REUSEPORT stands for the IKE transport's NAT-T socket (bound first: index 0).
 * What each datagram is comes from RFC 3948: §2.2 non-ESP marker (four zero octets), §2.3 NAT
 * keepalive (one octet 0xFF), §2.1 an ESP header starts with a non-zero SPI.
 */
class PosixEspInUdpSocketTest {
    private static final byte[] IKE = HexFormat.of().parseHex("00000000" + "0102030405060708" + "0000000000000000");
    private static final byte[] KEEPALIVE = {(byte) 0xff};
    private static final byte[] RUNT = {0x01, 0x02};
    private static final byte[] ESP = HexFormat.of().parseHex("00001001" + "00000001" + "aabbccdd");
    private static final byte[] ESP_LOW_SPI = HexFormat.of().parseHex("00000100" + "00000002");

    private static InetAddress loopback(String address) throws IOException {
        InetAddress a = InetAddress.getByName(address);
        try (DatagramChannel probe = DatagramChannel.open(a.getAddress().length == 4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6)) {
            probe.bind(new InetSocketAddress(a, 0));
        } catch (IOException e) {
            assumeTrue(false, "no " + address + " here: " + e);
        }
        return a;
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void steersEspToTheDataPlaneAndMarkedIkeKeepalivesAndRuntsToTheIkeSocket(String address) throws Exception {
        InetAddress lo = loopback(address);
        StandardProtocolFamily family = lo.getAddress().length == 4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        try (DatagramChannel ike = DatagramChannel.open(family); DatagramChannel peer = DatagramChannel.open(family)) {
            ike.setOption(StandardSocketOptions.SO_REUSEPORT, true).bind(new InetSocketAddress(lo, 0));
            int port = ((InetSocketAddress) ike.getLocalAddress()).getPort();
            peer.bind(new InetSocketAddress(lo, 0));
            InetSocketAddress group = new InetSocketAddress(lo, port);
            try (PosixEspInUdpSocket esp = PosixEspInUdpSocket.open(lo, port, 0, 0, 1)) {
                for (byte[] d : List.of(IKE, ESP, KEEPALIVE, ESP_LOW_SPI, RUNT, IKE)) peer.send(ByteBuffer.wrap(d), group);
                List<byte[]> toIke = receive(ike, 4);
                assertEquals(List.of(hex(IKE), hex(KEEPALIVE), hex(RUNT), hex(IKE)), toIke.stream().map(PosixEspInUdpSocketTest::hex).toList());
                SourceAddress from = new SourceAddress();
                byte[] buf = new byte[2048];
                int n = esp.receive(buf, 0, buf.length, from);
                assertArrayEquals(ESP, Arrays.copyOf(buf, n));
                assertEquals(((InetSocketAddress) peer.getLocalAddress()).getPort(), from.port());
                assertEquals(lo, from.toInetAddress());
                n = esp.receive(buf, 0, buf.length, from);
                assertArrayEquals(ESP_LOW_SPI, Arrays.copyOf(buf, n));
            }
        }
    }

    /** Two pumps: socket 1 (bound first) takes the even SPIs, socket 2 the odd ones (1 + SPI mod 2). */
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void spreadsEspOverTheDataPlaneSocketsBySpi(String address) throws Exception {
        InetAddress lo = loopback(address);
        StandardProtocolFamily family = lo.getAddress().length == 4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        try (DatagramChannel ike = DatagramChannel.open(family); DatagramChannel peer = DatagramChannel.open(family)) {
            ike.setOption(StandardSocketOptions.SO_REUSEPORT, true).bind(new InetSocketAddress(lo, 0));
            int port = ((InetSocketAddress) ike.getLocalAddress()).getPort();
            peer.bind(new InetSocketAddress(lo, 0));
            try (PosixEspInUdpSocket even = PosixEspInUdpSocket.open(lo, port, 0, 0, 2);
                 PosixEspInUdpSocket odd = PosixEspInUdpSocket.open(lo, port, 0, 0, 2)) {
                for (byte[] d : List.of(ESP, ESP_LOW_SPI, IKE)) peer.send(ByteBuffer.wrap(d), new InetSocketAddress(lo, port));
                byte[] buf = new byte[2048];
                int n = odd.receive(buf, 0, buf.length, new SourceAddress());
                assertArrayEquals(ESP, Arrays.copyOf(buf, n), "SPI 0x1001");
                n = even.receive(buf, 0, buf.length, new SourceAddress());
                assertArrayEquals(ESP_LOW_SPI, Arrays.copyOf(buf, n), "SPI 0x100");
                assertEquals(List.of(hex(IKE)), receive(ike, 1).stream().map(PosixEspInUdpSocketTest::hex).toList());
                assertEquals(0, odd.pending() + even.pending());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void sendsQueuedDatagramsFromTheSharedPortOnlyWhenFlushed(String address) throws Exception {
        InetAddress lo = loopback(address);
        StandardProtocolFamily family = lo.getAddress().length == 4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        try (DatagramChannel ike = DatagramChannel.open(family); DatagramChannel peer = DatagramChannel.open(family)) {
            ike.setOption(StandardSocketOptions.SO_REUSEPORT, true).bind(new InetSocketAddress(lo, 0));
            int port = ((InetSocketAddress) ike.getLocalAddress()).getPort();
            peer.bind(new InetSocketAddress(lo, 0)).configureBlocking(false);
            int peerPort = ((InetSocketAddress) peer.getLocalAddress()).getPort();
            try (PosixEspInUdpSocket esp = PosixEspInUdpSocket.open(lo, port, 0, 0, 1)) {
                for (int i = 1; i <= 3; i++) {
                    byte[] d = Arrays.copyOf(ESP, ESP.length + i);
                    assertEquals(0, esp.queue(d, 0, d.length, lo.getAddress(), peerPort));
                }
                assertEquals(null, peer.receive(ByteBuffer.allocate(64)), "nothing leaves before flush");
                assertEquals(0, esp.flush());
                peer.configureBlocking(true);
                for (int i = 1; i <= 3; i++) {
                    ByteBuffer b = ByteBuffer.allocate(64);
                    InetSocketAddress src = (InetSocketAddress) peer.receive(b);
                    assertEquals(ESP.length + i, b.flip().remaining());
                    assertEquals(port, src.getPort(), "ESP in UDP leaves from the NAT-T port (RFC 3948 §2.1)");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void espReachesTheIkeSocketOnceTheDataPlaneSocketIsClosed(String address) throws Exception {
        InetAddress lo = loopback(address);
        StandardProtocolFamily family = lo.getAddress().length == 4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        try (DatagramChannel ike = DatagramChannel.open(family); DatagramChannel peer = DatagramChannel.open(family)) {
            ike.setOption(StandardSocketOptions.SO_REUSEPORT, true).bind(new InetSocketAddress(lo, 0));
            int port = ((InetSocketAddress) ike.getLocalAddress()).getPort();
            PosixEspInUdpSocket.open(lo, port, 0, 0, 1).close();
            peer.send(ByteBuffer.wrap(ESP), new InetSocketAddress(lo, port));
            assertEquals(List.of(hex(ESP)), receive(ike, 1).stream().map(PosixEspInUdpSocketTest::hex).toList());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void wakesABlockedReceiverOnClose(String address) throws Exception {
        InetAddress lo = loopback(address);
        StandardProtocolFamily family = lo.getAddress().length == 4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        try (DatagramChannel ike = DatagramChannel.open(family)) {
            ike.setOption(StandardSocketOptions.SO_REUSEPORT, true).bind(new InetSocketAddress(lo, 0));
            PosixEspInUdpSocket esp = PosixEspInUdpSocket.open(lo, ((InetSocketAddress) ike.getLocalAddress()).getPort(), 0, 0, 1);
            CompletableFuture<Integer> r = CompletableFuture.supplyAsync(() -> {
                try {
                    return esp.receive(new byte[64], 0, 64, new SourceAddress());
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            esp.close();
            assertEquals(-1, r.get(5, TimeUnit.SECONDS));
        }
    }

    /** Exactly {@code count} datagrams, each waited for at most 5 s. */
    private static List<byte[]> receive(DatagramChannel ch, int count) throws IOException {
        List<byte[]> got = new ArrayList<>();
        ch.configureBlocking(false);
        try (Selector s = Selector.open()) {
            ch.register(s, SelectionKey.OP_READ);
            while (got.size() < count) {
                ByteBuffer b = ByteBuffer.allocate(2048);
                if (ch.receive(b) == null) {
                    assertNotNull(s.select(5000) > 0 ? "" : null, "datagram " + (got.size() + 1) + " of " + count + " within 5 s");
                    s.selectedKeys().clear();
                    continue;
                }
                b.flip();
                byte[] d = new byte[b.remaining()];
                b.get(d);
                got.add(d);
            }
        }
        return got;
    }

    private static String hex(byte[] d) {
        return HexFormat.of().formatHex(d);
    }
}
