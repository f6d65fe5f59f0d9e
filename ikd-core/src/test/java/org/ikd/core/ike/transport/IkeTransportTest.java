package org.ikd.core.ike.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.IkeProtocol;
import org.ikd.core.ike.IkeStatistics;
import org.ikd.core.ike.InboundDatagram;
import org.ikd.core.ike.OutboundDatagram;
import org.ikd.core.ike.Step;
import org.ikd.core.ike.TimerKey;
import org.ikd.core.ike.TimerRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The transport over loopback, against plain JDK sockets as the independent peer; once on epoll, once on NIO. */
class IkeTransportTest {
    static final InetAddress LO = InetAddress.getLoopbackAddress();

    /** Records every call, on which thread, and answers with whatever the test sets. */
    static final class RecordingProtocol implements IkeProtocol {
        final BlockingQueue<InboundDatagram> received = new LinkedBlockingQueue<>();
        final BlockingQueue<TimerKey> fired = new LinkedBlockingQueue<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        volatile BiFunction<InboundDatagram, Instant, Step> answer = (d, now) -> Step.NONE;

        @Override
        public Step receive(InboundDatagram datagram, Instant now) {
            threads.add(Thread.currentThread().getName());
            received.add(datagram);
            return answer.apply(datagram, now);
        }

        @Override
        public Step timerFired(TimerKey key, Instant now) {
            threads.add(Thread.currentThread().getName());
            fired.add(key);
            return Step.NONE;
        }
    }

    final List<IkeTransport> started = new ArrayList<>();
    final List<DatagramSocket> sockets = new ArrayList<>();
    final BlockingQueue<byte[]> esp = new LinkedBlockingQueue<>();
    final BlockingQueue<InetSocketAddress[]> espEnds = new LinkedBlockingQueue<>();

    @AfterEach
    void stopAll() {
        started.forEach(IkeTransport::close);
        sockets.forEach(DatagramSocket::close);
    }

    static int[] freePorts() throws Exception {
        try (DatagramSocket a = new DatagramSocket(0, LO); DatagramSocket b = new DatagramSocket(0, LO)) {
            return new int[] {a.getLocalPort(), b.getLocalPort()};
        }
    }

    IkeTransport start(boolean epoll, IkeProtocol protocol, List<InetAddress> addresses, int[] ports) throws Exception {
        assumeTrue(!epoll || Epoll.isAvailable(), "epoll unavailable");
        TransportConfig c = TransportConfig.standard(addresses).withPorts(ports[0], ports[1]).withEpoll(epoll);
        IkeTransport t = IkeTransport.start(c, protocol, e -> { }, (b, l, r) -> {
            byte[] copy = new byte[b.remaining()];
            b.get(copy);
            esp.add(copy);
            espEnds.add(new InetSocketAddress[] {l, r});
        }, new IkeStatistics(), Clock.systemUTC());
        started.add(t);
        assertEquals(epoll, t.usesEpoll());
        return t;
    }

    DatagramSocket peer(InetAddress at) throws Exception {
        DatagramSocket s = new DatagramSocket(0, at);
        s.setSoTimeout(3000);
        sockets.add(s);
        return s;
    }

    static void sendTo(DatagramSocket s, InetAddress to, int port, byte[] data) throws Exception {
        s.send(new DatagramPacket(data, data.length, to, port));
    }

    static DatagramPacket receive(DatagramSocket s) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        s.receive(p);
        return p;
    }

    static byte[] data(DatagramPacket p) {
        return Arrays.copyOfRange(p.getData(), p.getOffset(), p.getOffset() + p.getLength());
    }

    static final byte[] IKE = Bytes.fromHex("4c5ab4b8f1e0d2a9 0000000000000000 01 10 02 00 00000000 0000001c").toArray();

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void stripsTheNonEspMarkerOnPort4500AndTakesPort500AsIs(boolean epoll) throws Exception {
        RecordingProtocol p = new RecordingProtocol();
        int[] ports = freePorts();
        start(epoll, p, List.of(LO), ports);
        DatagramSocket peer = peer(LO);
        sendTo(peer, LO, ports[1], Bytes.concat(Bytes.fromHex("00000000"), Bytes.of(IKE)).toArray());   // RFC 3948 §2.2
        InboundDatagram d = p.received.poll(3, TimeUnit.SECONDS);
        assertNotNull(d);
        assertArrayEquals(IKE, d.message().toArray());
        assertTrue(d.natTraversalPort());
        assertEquals(new InetSocketAddress(LO, ports[1]), d.local());
        assertEquals(peer.getLocalSocketAddress(), d.remote());
        sendTo(peer, LO, ports[0], IKE);
        InboundDatagram d500 = p.received.poll(3, TimeUnit.SECONDS);
        assertArrayEquals(IKE, d500.message().toArray());
        assertFalse(d500.natTraversalPort());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void countsAndIgnoresNatKeepalivesAndRunts(boolean epoll) throws Exception {
        RecordingProtocol p = new RecordingProtocol();
        int[] ports = freePorts();
        IkeTransport t = start(epoll, p, List.of(LO), ports);
        DatagramSocket peer = peer(LO);
        sendTo(peer, LO, ports[1], new byte[] {(byte) 0xff});                   // RFC 3948 §2.3
        sendTo(peer, LO, ports[1], new byte[] {1, 2});
        sendTo(peer, LO, ports[1], Bytes.concat(Bytes.fromHex("00000000"), Bytes.of(IKE)).toArray());
        assertArrayEquals(IKE, p.received.poll(3, TimeUnit.SECONDS).message().toArray(), "the first thing IKE sees is the IKE message");
        assertEquals(1, t.statistics().keepalivesReceived());
        assertEquals(1, t.statistics().runtsDropped());
        assertTrue(p.received.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void handsEspInUdpToTheSinkNotToIke(boolean epoll) throws Exception {
        RecordingProtocol p = new RecordingProtocol();
        int[] ports = freePorts();
        IkeTransport t = start(epoll, p, List.of(LO), ports);
        DatagramSocket peer = peer(LO);
        byte[] packet = Bytes.fromHex("c1a2b3c4 00000001 0102030405060708").toArray();   // SPI, sequence number, data (RFC 4303 §2)
        sendTo(peer, LO, ports[1], packet);
        assertArrayEquals(packet, esp.poll(3, TimeUnit.SECONDS));
        InetSocketAddress[] ends = espEnds.poll(3, TimeUnit.SECONDS);
        assertEquals(new InetSocketAddress(LO, ports[1]), ends[0]);
        assertEquals(peer.getLocalSocketAddress(), ends[1]);
        assertEquals(1, t.statistics().espReceived());
        assertTrue(p.received.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void answersFromTheSocketTheRequestCameToWithTheMarkerOn4500(boolean epoll) throws Exception {
        InetAddress second = InetAddress.getByName("127.0.0.2");
        RecordingProtocol p = new RecordingProtocol();
        p.answer = (d, now) -> Step.builder().send(OutboundDatagram.isakmp(d.local(), d.remote(), d.natTraversalPort(),
                Bytes.fromHex("a1a2"))).build();
        int[] ports = freePorts();
        start(epoll, p, List.of(LO, second), ports);
        DatagramSocket peer = peer(LO);
        sendTo(peer, second, ports[1], Bytes.concat(Bytes.fromHex("00000000"), Bytes.of(IKE)).toArray());
        DatagramPacket r = receive(peer);
        assertEquals(second, r.getAddress(), "from the address the request came to");
        assertEquals(ports[1], r.getPort());
        assertArrayEquals(Bytes.fromHex("00000000 a1a2").toArray(), data(r));
        sendTo(peer, LO, ports[0], IKE);
        DatagramPacket r500 = receive(peer);
        assertEquals(LO, r500.getAddress());
        assertEquals(ports[0], r500.getPort());
        assertArrayEquals(Bytes.fromHex("a1a2").toArray(), data(r500));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void answersEveryRequestOfABurstThoughRepliesAreFlushedTogether(boolean epoll) throws Exception {
        RecordingProtocol p = new RecordingProtocol();
        p.answer = (d, now) -> Step.builder()             // two replies per request, echoing its last octet
                .send(OutboundDatagram.isakmp(d.local(), d.remote(), false, Bytes.of(new byte[] {1, d.message().toArray()[27]})))
                .send(OutboundDatagram.isakmp(d.local(), d.remote(), false, Bytes.of(new byte[] {2, d.message().toArray()[27]})))
                .build();
        int[] ports = freePorts();
        start(epoll, p, List.of(LO), ports);
        DatagramSocket peer = peer(LO);
        int requests = 60;                                // 120 replies: more than MAX_UNFLUSHED in one burst if they come at once
        for (int i = 0; i < requests; i++) {
            byte[] m = IKE.clone();
            m[27] = (byte) i;
            sendTo(peer, LO, ports[0], m);
        }
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < 2 * requests; i++) {
            byte[] r = data(receive(peer));               // SO_TIMEOUT 3 s: a reply left unflushed fails here
            seen.add((r[0] << 8) | (r[1] & 0xff));
        }
        assertEquals(2 * requests, seen.size());
        assertEquals(requests, p.received.size());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void sendsKeepalivesAndEspFromTheNatTSocket(boolean epoll) throws Exception {
        RecordingProtocol p = new RecordingProtocol();
        int[] ports = freePorts();
        IkeTransport t = start(epoll, p, List.of(LO), ports);
        DatagramSocket peer = peer(LO);
        InetSocketAddress to = (InetSocketAddress) peer.getLocalSocketAddress();
        InetSocketAddress from = new InetSocketAddress(LO, ports[1]);
        t.submit(now -> Step.builder().send(OutboundDatagram.natKeepalive(from, to)).build());
        DatagramPacket k = receive(peer);
        assertArrayEquals(new byte[] {(byte) 0xff}, data(k));
        assertEquals(ports[1], k.getPort());
        byte[] packet = Bytes.fromHex("c1a2b3c4 00000002 99").toArray();
        Thread other = new Thread(() -> assertTrue(t.espSender().send(ByteBuffer.wrap(packet), from, to)));
        other.start();
        other.join();
        DatagramPacket e = receive(peer);
        assertArrayEquals(packet, data(e));
        assertEquals(ports[1], e.getPort());
        assertFalse(t.espSender().send(ByteBuffer.wrap(packet), new InetSocketAddress("198.18.9.9", 1), to), "no socket there");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void runsTimersAndReceivesOnTheOneEventLoopThread(boolean epoll) throws Exception {
        RecordingProtocol p = new RecordingProtocol();
        int[] ports = freePorts();
        IkeTransport t = start(epoll, p, List.of(LO), ports);
        TimerKey kept = new TimerKey(1, TimerKey.Kind.DPD, 0);
        TimerKey cancelled = new TimerKey(2, TimerKey.Kind.DPD, 0);
        TimerKey replaced = new TimerKey(3, TimerKey.Kind.DPD, 0);
        t.submit(now -> Step.builder()
                .timer(TimerRequest.schedule(kept, now.plusMillis(50)))
                .timer(TimerRequest.schedule(cancelled, now.plusMillis(30)))
                .timer(TimerRequest.schedule(replaced, now.plusMillis(20)))
                .timer(TimerRequest.cancel(cancelled))
                .timer(TimerRequest.schedule(replaced, now.plusMillis(80)))
                .build());
        assertEquals(kept, p.fired.poll(3, TimeUnit.SECONDS));
        assertEquals(replaced, p.fired.poll(3, TimeUnit.SECONDS), "replaced timer fires once, at its new time");
        assertNull(p.fired.poll(200, TimeUnit.MILLISECONDS), "the cancelled one never fires");
        sendTo(peer(LO), LO, ports[0], IKE);
        assertNotNull(p.received.poll(3, TimeUnit.SECONDS));
        assertEquals(1, p.threads.stream().distinct().count(), "one thread: " + p.threads);
        assertTrue(p.threads.get(0).startsWith("ikd-ike"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void twoTransportsExchangeIkeOverTheNatTPort(boolean epoll) throws Exception {
        InetAddress b = InetAddress.getByName("127.0.0.2");
        RecordingProtocol pa = new RecordingProtocol();
        RecordingProtocol pb = new RecordingProtocol();
        int[] ports = freePorts();
        IkeTransport ta = start(epoll, pa, List.of(LO), ports);
        start(epoll, pb, List.of(b), ports);
        pb.answer = (d, now) -> Step.builder().send(OutboundDatagram.isakmp(d.local(), d.remote(), true, Bytes.of(IKE))).build();
        ta.submit(now -> Step.builder().send(OutboundDatagram.isakmp(new InetSocketAddress(LO, ports[1]),
                new InetSocketAddress(b, ports[1]), true, Bytes.of(IKE))).build());
        InboundDatagram atB = pb.received.poll(3, TimeUnit.SECONDS);
        assertArrayEquals(IKE, atB.message().toArray());
        assertEquals(new InetSocketAddress(LO, ports[1]), atB.remote());
        InboundDatagram backAtA = pa.received.poll(3, TimeUnit.SECONDS);
        assertNotNull(backAtA);
        assertEquals(new InetSocketAddress(b, ports[1]), backAtA.remote());
        assertTrue(backAtA.natTraversalPort());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void stopSendsTheFarewellThenFreesThePorts(boolean epoll) throws Exception {
        RecordingProtocol p = new RecordingProtocol();
        int[] ports = freePorts();
        IkeTransport t = start(epoll, p, List.of(LO), ports);
        DatagramSocket peer = peer(LO);
        InetSocketAddress to = (InetSocketAddress) peer.getLocalSocketAddress();
        t.stop(now -> Step.builder().send(OutboundDatagram.isakmp(new InetSocketAddress(LO, ports[0]), to, false, Bytes.fromHex("de1e7e"))).build());
        assertArrayEquals(Bytes.fromHex("de1e7e").toArray(), data(receive(peer)));
        try (DatagramSocket again = new DatagramSocket(new InetSocketAddress(LO, ports[0]))) {
            assertEquals(ports[0], again.getLocalPort());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true})
    void marksItsSocketsWithTheConfiguredFirewallMark(boolean epoll) throws Exception {
        assumeTrue(Epoll.isAvailable() && "root".equals(System.getProperty("user.name")), "SO_MARK needs epoll and CAP_NET_ADMIN");
        int[] ports = freePorts();
        TransportConfig c = TransportConfig.standard(List.of(LO)).withPorts(ports[0], ports[1]).withSocketMark(0x1d);
        IkeTransport t = IkeTransport.start(c, new RecordingProtocol(), (IkeEvent e) -> { }, EspInUdpSink.DISCARD,
                new IkeStatistics(), Clock.systemUTC());
        started.add(t);
        assertEquals(List.of(0x1d, 0x1d), t.socketMarks());
    }

    /** SO_REUSEPORT on the NAT-T socket only: the data plane's socket may join 4500, nothing may join 500. */
    @ParameterizedTest
    @ValueSource(booleans = {true})
    void sharesOnlyTheNatTraversalPortWhenAsked(boolean epoll) throws Exception {
        assumeTrue(Epoll.isAvailable(), "SO_REUSEPORT needs the epoll transport");
        int[] ports = freePorts();
        TransportConfig c = TransportConfig.standard(List.of(LO)).withPorts(ports[0], ports[1]).withSharedNatTraversalPort(true);
        IkeTransport t = IkeTransport.start(c, new RecordingProtocol(), (IkeEvent e) -> { }, EspInUdpSink.DISCARD,
                new IkeStatistics(), Clock.systemUTC());
        started.add(t);
        assertTrue(t.sharesNatTraversalPort());
        try (DatagramChannel joiner = DatagramChannel.open(StandardProtocolFamily.INET)) {
            joiner.setOption(StandardSocketOptions.SO_REUSEPORT, true).bind(new InetSocketAddress(LO, ports[1]));
        }
        try (DatagramChannel intruder = DatagramChannel.open(StandardProtocolFamily.INET)) {
            intruder.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            assertThrows(java.net.BindException.class, () -> intruder.bind(new InetSocketAddress(LO, ports[0])));
        }
    }
}
