package org.ikd.core.ike.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.ike.IkeCounter;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.ipsec.PairAction;
import org.ikd.core.ike.IkeProtocol;
import org.ikd.core.ike.IkeStatistics;
import org.ikd.core.ike.InboundDatagram;
import org.ikd.core.ike.OutboundDatagram;
import org.ikd.core.ike.Step;
import org.ikd.core.ike.TimerKey;
import org.ikd.core.ike.TimerRequest;
import org.ikd.core.policy.AddressText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link IkeProtocol} on one Netty event loop with a UDP socket per local address and port
 * (500 and 4500), so every answer leaves from the address its request came to. That loop thread
 * owns all IKE state: sockets, timers and the engine run on it; other threads hand work over with
 * {@link #submit}. Epoll when available (EpollIoHandler), NIO otherwise.
 * <p>Replies to the datagrams of one read burst are written as they are made and flushed together
 * when the burst ends ({@link UdpDemux#channelReadComplete}): one sendmmsg(2) on epoll instead of a
 * sendto(2) each (issue 8, setup rate). Work outside a read burst (timers, submits) flushes at once.
 */
public final class IkeTransport implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IkeTransport.class);
    /** setsockopt(SOL_SOCKET = 1, SO_MARK = 36), Linux {@code asm-generic/socket.h}. */
    private static final ChannelOption<Integer> SO_MARK = new IntegerUnixChannelOption("SO_MARK", 1, 36);
    /** setsockopt(SOL_SOCKET, SO_RCVBUFFORCE = 33 / SO_SNDBUFFORCE = 32): not capped by net.core.rmem_max (CAP_NET_ADMIN). */
    private static final ChannelOption<Integer> SO_RCVBUFFORCE = new IntegerUnixChannelOption("SO_RCVBUFFORCE", 1, 33);
    private static final ChannelOption<Integer> SO_SNDBUFFORCE = new IntegerUnixChannelOption("SO_SNDBUFFORCE", 1, 32);
    /** As the raw ESP sockets (LinkSettings.DEFAULT_SOCKET_BUFFER): ESP-in-UDP bursts overflow the default 208 KiB. */
    private static final int SOCKET_BUFFER = 4 << 20;
    /** Datagrams written before a flush even inside a read burst (Netty reads at most 16 per socket and wakeup). */
    static final int MAX_UNFLUSHED = 64;

    private record ChannelKey(InetAddress address, boolean natTraversalPort) {}

    private record Armed(Object token, ScheduledFuture<?> future) {}

    private final TransportConfig config;
    private final IkeProtocol protocol;
    private final Consumer<IkeEvent> events;
    private final Consumer<PairAction> actions;
    private final IkeStatistics ikeStatistics;
    private final Clock clock;
    private final boolean epoll;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final TransportStatistics counters = new TransportStatistics();
    private final Map<TimerKey, Armed> timers = new HashMap<>();          // event loop only
    private final List<Channel> unflushed = new ArrayList<>();             // event loop only: written, not yet flushed
    private int unflushedDatagrams;                                       // event loop only
    private boolean inReadBurst;                                          // event loop only
    private volatile Map<ChannelKey, Channel> channels = Map.of();
    private volatile boolean stopped;

    private IkeTransport(TransportConfig config, IkeProtocol protocol, Consumer<IkeEvent> events, Consumer<PairAction> actions,
                         IkeStatistics ikeStatistics, Clock clock) {
        this.config = config;
        this.protocol = protocol;
        this.events = events;
        this.actions = actions;
        this.ikeStatistics = ikeStatistics;
        this.clock = clock;
        this.epoll = config.preferEpoll() && Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("ikd-ike"), io);
        this.loop = group.next();
    }

    /**
     * Binds every socket and starts serving. {@code events} is called on the event loop and must
     * not block. Throws if a socket cannot be bound (nothing is left running then).
     */
    public static IkeTransport start(TransportConfig config, IkeProtocol protocol, Consumer<IkeEvent> events,
                                     EspInUdpSink sink, IkeStatistics ikeStatistics, Clock clock) throws InterruptedException {
        return start(config, protocol, events, a -> { }, sink, ikeStatistics, clock);
    }

    /** As above; {@code actions} carries out what the engine decided for IPsec SA pairs, after each step's events. */
    public static IkeTransport start(TransportConfig config, IkeProtocol protocol, Consumer<IkeEvent> events,
                                     Consumer<PairAction> actions, EspInUdpSink sink, IkeStatistics ikeStatistics,
                                     Clock clock) throws InterruptedException {
        IkeTransport t = new IkeTransport(config, protocol, events, actions, ikeStatistics, clock);
        try {
            t.bindAll(sink);
            return t;
        } catch (InterruptedException | RuntimeException e) {
            t.close();
            throw e;
        }
    }

    private void bindAll(EspInUdpSink sink) throws InterruptedException {
        UdpDemux ike = new UdpDemux(false, this, sink, counters);
        UdpDemux natT = new UdpDemux(true, this, sink, counters);
        Map<ChannelKey, Channel> bound = new HashMap<>();
        for (InetAddress a : config.localAddresses()) {
            bound.put(new ChannelKey(a, false), bind(a, config.isakmpPort(), ike, false));
            bound.put(new ChannelKey(a, true), bind(a, config.natTraversalPort(), natT, config.sharedNatTraversalPort()));
        }
        channels = Map.copyOf(bound);
        log.info("IKE listening on {} ports {}/{} ({}{})", config.localAddresses().stream().map(AddressText::of).toList(), config.isakmpPort(),
                config.natTraversalPort(), epoll ? "epoll" : "nio", config.socketMark() != 0 ? ", mark " + config.socketMark() : "");
    }

    /** @param shared SO_REUSEPORT, bound before the data plane's socket joins: index 0 of the group (PosixEspInUdpSocket) */
    private Channel bind(InetAddress address, int port, UdpDemux handler, boolean shared) throws InterruptedException {
        SocketProtocolFamily family = address instanceof Inet4Address ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
        Bootstrap b = new Bootstrap().group(group)
                .channelFactory(() -> epoll ? new EpollDatagramChannel(family) : new NioDatagramChannel(family))
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(config.receiveBufferBytes()))
                .handler(handler);
        if (config.socketMark() != 0) {
            if (!epoll) throw new IllegalStateException("SO_MARK " + config.socketMark() + " needs the epoll transport");
            b.option(SO_MARK, config.socketMark());
        }
        if (shared && epoll) b.option(EpollChannelOption.SO_REUSEPORT, true);
        if (epoll) {                          // refused (no CAP_NET_ADMIN): Netty logs it and the default stays
            b.option(SO_RCVBUFFORCE, SOCKET_BUFFER).option(SO_SNDBUFFORCE, SOCKET_BUFFER);
        } else {
            b.option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER).option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER);
        }
        return b.bind(new InetSocketAddress(address, port)).sync().channel();
    }

    /** True when the NAT-T sockets were bound with SO_REUSEPORT, for the data plane's ESP-in-UDP sockets to join. */
    public boolean sharesNatTraversalPort() {
        return epoll && config.sharedNatTraversalPort();
    }

    /** True when the sockets run on epoll. */
    public boolean usesEpoll() {
        return epoll;
    }

    public TransportStatistics statistics() {
        return counters;
    }

    /** The bound sockets' addresses (ports resolved), IKE first then NAT-T per local address. */
    public List<InetSocketAddress> boundAddresses() {
        return channels.values().stream().map(c -> (InetSocketAddress) c.localAddress()).toList();
    }

    /** Runs {@code work} on the event loop with the current time and carries out the step it returns. */
    public void submit(Function<Instant, Step> work) {
        loop.execute(() -> {
            try {
                inReadBurst = false;                                    // a task runs after the read bursts
                apply(work.apply(clock.instant()));
            } catch (RuntimeException e) {
                log.warn("IKE work failed", e);
            }
        });
    }

    /** Sends ESP in UDP from the NAT-T sockets; for the data plane's threads. */
    public EspInUdpSender espSender() {
        return this::sendEsp;
    }

    private boolean sendEsp(ByteBuffer esp, InetSocketAddress local, InetSocketAddress remote) {
        Channel ch = stopped ? null : channel(local.getAddress(), true);
        if (ch == null) return false;
        ByteBuf b = ch.alloc().directBuffer(esp.remaining());
        b.writeBytes(esp.duplicate());
        ch.writeAndFlush(new DatagramPacket(b, remote), ch.voidPromise());
        counters.espSent.incrementAndGet();
        return true;
    }

    /** From {@link UdpDemux}, on the event loop. */
    void received(InetSocketAddress local, InetSocketAddress remote, boolean natTraversalPort, Bytes message) {
        inReadBurst = true;
        apply(protocol.receive(new InboundDatagram(local, remote, natTraversalPort, message), clock.instant()));
    }

    /** From {@link UdpDemux}, on the event loop: a socket's read burst is over, its replies go out. */
    void readComplete() {
        inReadBurst = false;
        flush();
    }

    private void apply(Step step) {
        try {
            carryOut(step);
        } finally {
            if (!inReadBurst || unflushedDatagrams >= MAX_UNFLUSHED) flush();
        }
    }

    private void carryOut(Step step) {
        for (OutboundDatagram d : step.send()) send(d);
        for (TimerRequest t : step.timers()) timer(t);
        for (IkeEvent e : step.events()) {
            try {
                events.accept(e);
            } catch (RuntimeException ex) {
                log.warn("event listener failed on {}", e, ex);
            }
        }
        for (PairAction a : step.actions()) {
            try {
                actions.accept(a);
            } catch (RuntimeException ex) {
                log.warn("pair action {} failed", a, ex);
            }
        }
    }

    private void send(OutboundDatagram d) {
        Channel ch = channel(d.local().getAddress(), d.natTraversalPort());
        if (ch == null) {
            sendFailed(d, "no socket for " + AddressText.of(d.local().getAddress()));
            return;
        }
        Bytes wire = d.wireBytes();
        ByteBuf b = ch.alloc().buffer(wire.length());
        wire.feed(b::writeBytes);
        ch.write(new DatagramPacket(b, d.remote())).addListener(f -> {
            if (!f.isSuccess()) sendFailed(d, f.cause().toString());
        });
        if (!unflushed.contains(ch)) unflushed.add(ch);               // a handful of sockets: a list is enough
        unflushedDatagrams++;
    }

    /** Flushes every socket written to since the last flush (event loop). */
    private void flush() {
        if (unflushed.isEmpty()) return;
        for (Channel ch : unflushed) ch.flush();
        unflushed.clear();
        unflushedDatagrams = 0;
    }

    private void sendFailed(OutboundDatagram d, String why) {
        counters.sendFailures.incrementAndGet();
        ikeStatistics.increment(IkeCounter.SEND_FAILURES);
        log.warn("could not send {}: {}", d, why);
    }

    /** The socket bound to {@code address}, else a wildcard socket of the same family. */
    private Channel channel(InetAddress address, boolean natTraversalPort) {
        Map<ChannelKey, Channel> m = channels;
        Channel ch = m.get(new ChannelKey(address, natTraversalPort));
        if (ch != null) return ch;
        for (Map.Entry<ChannelKey, Channel> e : m.entrySet()) {
            InetAddress a = e.getKey().address();
            if (e.getKey().natTraversalPort() == natTraversalPort && a.isAnyLocalAddress() && a.getClass() == address.getClass())
                return e.getValue();
        }
        return null;
    }

    private void timer(TimerRequest t) {
        Armed old = timers.remove(t.key());
        if (old != null) old.future().cancel(false);
        if (t.isCancel()) return;
        long nanos;
        try {
            nanos = Math.max(0, Duration.between(clock.instant(), t.at()).toNanos());
        } catch (ArithmeticException e) {
            nanos = Long.MAX_VALUE / 2;                                 // centuries away
        }
        Object token = new Object();
        ScheduledFuture<?> f = loop.schedule(() -> fire(t.key(), token), nanos, TimeUnit.NANOSECONDS);
        timers.put(t.key(), new Armed(token, f));
    }

    private void fire(TimerKey key, Object token) {
        Armed a = timers.get(key);
        if (a == null || a.token() != token) return;                   // replaced or cancelled meanwhile
        timers.remove(key);
        inReadBurst = false;
        try {
            apply(protocol.timerFired(key, clock.instant()));
        } catch (RuntimeException e) {
            log.warn("timer {} failed", key, e);
        }
    }

    /** SO_MARK of every socket as the kernel reports it (epoll only; tests, diagnostics). */
    List<Integer> socketMarks() {
        return channels.values().stream().map(c -> c.config().getOption(SO_MARK)).toList();
    }

    /** Number of armed timers; call on the event loop (tests, diagnostics). */
    int armedTimers() {
        return timers.size();
    }

    EventLoop eventLoop() {
        return loop;
    }

    /**
     * Runs {@code farewell} (typically {@code engine::shutdown}, which sends the Deletes) on the event
     * loop, then closes every socket and stops the loop.
     */
    public void stop(Function<Instant, Step> farewell) {
        if (stopped) return;
        stopped = true;
        try {
            if (farewell != null && !group.isShuttingDown())
                loop.submit(() -> {
                    inReadBurst = false;
                    apply(farewell.apply(clock.instant()));
                }).awaitUninterruptibly(5, TimeUnit.SECONDS);
            for (Channel ch : channels.values()) ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        stop(null);
    }
}
