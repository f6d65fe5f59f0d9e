package org.ikd.it.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.DhGroupId;
import org.ikd.core.crypto.DhPrivate;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.crypto.InvalidPublicValueException;
import org.ikd.core.crypto.Phase1Cipher;
import org.ikd.core.crypto.Secret;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.Entropy;
import org.ikd.core.ike.IkeConfig;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.IkeStatistics;
import org.ikd.core.ike.InboundDatagram;
import org.ikd.core.ike.PairRegistry;
import org.ikd.core.ike.OutboundDatagram;
import org.ikd.core.ike.SpiAllocator;
import org.ikd.core.ike.Step;
import org.ikd.core.ike.TimerKey;
import org.ikd.core.ike.TimerRequest;
import org.ikd.core.ike.auth.RulePreSharedKeys;
import org.ikd.core.ike.exchange.DhSource;
import org.ikd.core.ike.exchange.ExchangeOptions;
import org.ikd.core.ike.exchange.Ikev1Exchanges;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.Filter;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.FilterList;
import org.ikd.core.policy.MainModeMethod;
import org.ikd.core.policy.MainModeSettings;
import org.ikd.core.policy.PortRange;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Rule;
import org.ikd.core.policy.SecurityMethod;
import org.ikd.core.policy.Subnet;

/**
 * The IKEv1 load initiator of {@code scripts/bench setup-rate} (issue 8): N Main Modes (PSK) and
 * one or two Quick Modes each (ESP; transport mode, or tunnel mode between 198.19.x.y hosts of
 * the same numbers as the endpoints: charon with kernel-libipsec only does tunnel mode), all
 * started at once from N source addresses,
 * against one responder (ikd or charon); prints one JSON line with the setups per second.
 * <ol>
 * <li>one ikd {@link IkeEngine} and one UDP socket (source address, port 500) per initiator, so
 *     the responder sees N peers as it would in the field;
 * <li>one selector thread reads every socket; the engines run on a small worker pool, each engine
 *     under its own lock (the engine is single-threaded by design); retransmissions on a timer;
 * <li>a setup is complete when its last Quick Mode is established; the rate is completed setups
 *     divided by the time from the first message to the last completion;
 * <li>with {@code --hold-file F} the SAs stay up until F exists (memory readings), then every
 *     initiator deletes its SAs (Delete payloads) so that the responder is clean.
 * </ol>
 * Usage: {@code LoadInitiator --responder 198.18.0.2 --first-source 198.18.16.1 --counts "50 100 1000"
 * --proposal aes128-sha256-modp2048 --psk-file F [--quick-modes 2] [--timeout-seconds 60]
 * [--workers 2] [--hold-file F] [--mode transport|tunnel] [--max-in-flight K]}. Addresses must be in 198.18.0.0/15.
 */
public final class LoadInitiator {
    private static final int PORT = 500;
    private static final int NAT_T_PORT = 4500;
    private static final int NON_ESP_MARKER = 4;
    private static final int UDP = 17;

    record Options(InetAddress responder, InetAddress firstSource, int count, String proposal, Path pskFile,
                   int quickModes, int timeoutSeconds, int workers, Path holdFile, boolean tunnel, int inFlight,
                   boolean freshDh) {}

    /** One initiator: its engine, socket, timers and progress; every field is guarded by {@code this}. */
    private final class Peer {
        final int index;
        final InetSocketAddress local;
        final IkeEngine engine;
        final DatagramChannel channel;
        final DatagramChannel natTraversal;
        final Map<TimerKey, ScheduledFuture<?>> timers = new HashMap<>();
        long startedNanos;
        int quickModes;
        boolean finished;

        Peer(int index, InetSocketAddress local, IkeEngine engine, DatagramChannel channel, DatagramChannel natTraversal) {
            this.index = index;
            this.local = local;
            this.engine = engine;
            this.channel = channel;
            this.natTraversal = natTraversal;
        }
    }

    private final Options options;
    private final InetSocketAddress responder;
    private final List<Peer> peers = new ArrayList<>();
    private final ExecutorService workers;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger established = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final long[] setupNanos;
    private final CountDownLatch done;
    /** With {@code --max-in-flight K}: at most K negotiations at once (memory readings), else all at once. */
    private final java.util.concurrent.Semaphore inFlight;
    private volatile long firstNanos;
    private final java.util.concurrent.atomic.AtomicLong lastNanos = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean running = true;

    private LoadInitiator(Options options) throws IOException {
        this.options = options;
        this.responder = new InetSocketAddress(options.responder(), PORT);
        this.workers = Executors.newFixedThreadPool(options.workers());
        this.setupNanos = new long[options.count()];
        this.done = new CountDownLatch(options.count());
        this.inFlight = options.inFlight() > 0 ? new java.util.concurrent.Semaphore(options.inFlight()) : null;
    }

    /** Runs one round per count of {@code --counts} (e.g. "50 100 1000"), each with fresh initiators. */
    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        String[] counts = argument(args, "--counts", String.valueOf(o.count())).trim().split("[ ,]+");
        for (int i = 0; i < counts.length; i++) {
            int n = Integer.parseInt(counts[i]);
            Options round = new Options(o.responder(), o.firstSource(), n, o.proposal(), o.pskFile(), o.quickModes(),
                    o.timeoutSeconds(), o.workers(), i == counts.length - 1 ? o.holdFile() : null, o.tunnel(), o.inFlight(), o.freshDh());
            checkRange(round);
            LoadInitiator run = new LoadInitiator(round);
            try {
                run.open();
                System.out.println(run.measure());
                System.out.flush();
                run.hold();
            } finally {
                run.close();
            }
            Thread.sleep(3000);                                   // the responder handles the Deletes
        }
    }

    static String argument(String[] args, String name, String otherwise) {
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals(name)) return args[i + 1];
        return otherwise;
    }

    static void checkRange(Options o) throws IOException {
        if (o.count() < 1 || o.count() > 4000) throw new IllegalArgumentException("count " + o.count() + " (expected: 1..4000)");
        for (InetAddress x : List.of(o.responder(), o.firstSource(), offset(o.firstSource(), o.count() - 1)))
            if (!Subnet.parse("198.18.0.0/15").covers(Subnet.host(x)))
                throw new IllegalArgumentException(x.getHostAddress() + " is outside 198.18.0.0/15");
    }

    static Options parse(String[] args) throws IOException {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) a.put(args[i], args[i + 1]);
        InetAddress responder = InetAddress.getByName(a.getOrDefault("--responder", "198.18.0.2"));
        InetAddress first = InetAddress.getByName(a.getOrDefault("--first-source", "198.18.16.1"));
        int count = Integer.parseInt(a.getOrDefault("--count", "100"));
        return new Options(responder, first, count, a.getOrDefault("--proposal", "aes128-sha256-modp2048"),
                Path.of(a.getOrDefault("--psk-file", "bench.psk")), Integer.parseInt(a.getOrDefault("--quick-modes", "1")),
                Integer.parseInt(a.getOrDefault("--timeout-seconds", "60")), Integer.parseInt(a.getOrDefault("--workers", "2")),
                a.containsKey("--hold-file") ? Path.of(a.get("--hold-file")) : null,
                a.getOrDefault("--mode", "transport").equals("tunnel"),
                Integer.parseInt(a.getOrDefault("--max-in-flight", "0")),
                Boolean.parseBoolean(a.getOrDefault("--fresh-dh", "false")));
    }

    static InetAddress offset(InetAddress base, int n) throws IOException {
        byte[] b = base.getAddress();
        int v = ((b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff)) + n;
        return InetAddress.getByAddress(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    /**
     * The traffic of an endpoint: itself in transport mode; in tunnel mode the same host number in
     * 198.19.0.0/16 (a selector that is not the IKE peer, which kernel-libipsec would not route).
     */
    private InetAddress inner(InetAddress endpoint) {
        if (!options.tunnel()) return endpoint;
        byte[] b = endpoint.getAddress();
        b[1] = 19;
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Main Mode method by strongSwan's proposal name: the two of issue 8. */
    static MainModeMethod mainMode(String proposal) {
        return switch (proposal) {
            case "3des-sha1-modp1024" -> new MainModeMethod(Phase1Cipher.TRIPLE_DES_CBC, 192, HashAlgorithm.SHA1, DhGroupId.MODP_1024);
            case "aes128-sha256-modp2048" -> new MainModeMethod(Phase1Cipher.AES_CBC, 128, HashAlgorithm.SHA2_256, DhGroupId.MODP_2048);
            default -> throw new IllegalArgumentException("proposal " + proposal
                    + " (expected: 3des-sha1-modp1024 or aes128-sha256-modp2048)");
        };
    }

    /** ESP to go with it: 3DES/SHA1 with the old set, AES-128/SHA1 with the other (both in charon's defaults). */
    static SecurityMethod esp(String proposal) {
        return proposal.startsWith("3des")
                ? new SecurityMethod(EspCipher.TRIPLE_DES_CBC, 192, IntegrityAlgorithm.HMAC_SHA1_96, null, 3600, 0)
                : new SecurityMethod(EspCipher.AES_CBC, 128, IntegrityAlgorithm.HMAC_SHA1_96, null, 3600, 0);
    }

    private void open() throws IOException {
        byte[] key = Files.readString(options.pskFile()).strip().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        SecureRandom random = new SecureRandom();
        DhSource dh = options.freshDh() ? DhSource.of(random) : new ReusedDh(DhSource.of(random));
        IkeConfig config = IkeConfig.DEFAULT.withDpd(Duration.ZERO, 3);
        for (int i = 0; i < options.count(); i++) {
            InetAddress src = offset(options.firstSource(), i);
            Rule r = new Rule("load", new FilterList("load", List.of(new Filter(
                    org.ikd.core.policy.Selector.between(Subnet.host(inner(src)), Subnet.host(inner(options.responder()))), true))),
                    new FilterAction.Negotiate("load", List.of(esp(options.proposal())), false, null, false, false),
                    List.of(new AuthenticationMethod.PreSharedKey(Secret.of(key), "bench")),
                    options.tunnel() ? options.responder() : null, options.tunnel() ? src : null, false);
            Policy p = new Policy("load", new MainModeSettings(List.of(mainMode(options.proposal())), 28800, false, 0),
                    List.of(r));
            Entropy entropy = Entropy.of(random);
            PairRegistry registry = new PairRegistry(new SpiAllocator(entropy, spi -> false));
            IkeEngine engine = new IkeEngine(config, new Ikev1Exchanges(() -> p, new RulePreSharedKeys(() -> p), entropy, dh,
                    registry, ExchangeOptions.DEFAULT), entropy, new IkeStatistics(), registry);
            peers.add(new Peer(i, new InetSocketAddress(src, PORT), engine, socket(src, PORT), socket(src, NAT_T_PORT)));
        }
    }

    /**
     * One Diffie-Hellman private value per group for every initiator (without {@code --fresh-dh true}):
     * the load generator shares the 2 cores with the responder it measures, and a key pair per Main
     * Mode made the initiator, not the responder, the bottleneck (charon and ikd then measured the
     * same rate). The responder cannot tell; it still makes and agrees its own value each time.
     */
    private static final class ReusedDh implements DhSource {
        private final DhSource fresh;
        private final Map<DhGroupId, DhPrivate> kept = new java.util.concurrent.ConcurrentHashMap<>();

        ReusedDh(DhSource fresh) {
            this.fresh = fresh;
        }

        @Override
        public DhPrivate generate(DhGroupId group) {
            DhPrivate d = kept.computeIfAbsent(group, fresh::generate);
            return new DhPrivate() {
                @Override public DhGroupId group() { return d.group(); }
                @Override public Bytes publicValue() { return d.publicValue(); }
                @Override public Secret agree(Bytes peer) throws InvalidPublicValueException { return d.agree(peer); }
                @Override public void destroy() { }          // kept for the next Main Mode
            };
        }
    }

    private static DatagramChannel socket(InetAddress address, int port) throws IOException {
        DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
        ch.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 16);
        ch.bind(new InetSocketAddress(address, port));
        ch.configureBlocking(false);
        return ch;
    }

    /** Starts every Main Mode at once and waits for all to end (or the time-out); returns the JSON line. */
    private String measure() throws Exception {
        Thread reader = new Thread(this::readLoop, "load-reader");
        reader.setDaemon(true);
        reader.start();
        firstNanos = System.nanoTime();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.timeoutSeconds());
        for (Peer p : peers) {
            if (inFlight != null && !inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) break;
            workers.execute(() -> start(p));
        }
        boolean all = done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        long end = all && lastNanos.get() != 0 ? lastNanos.get() : System.nanoTime();
        double secs = Math.max(1e-9, (end - firstNanos) / 1e9);
        long[] ok = Arrays.stream(setupNanos).filter(n -> n > 0).sorted().toArray();
        int n = established.get();
        return String.format(Locale.ROOT, "{\"count\": %d, \"proposal\": \"%s\", \"quick_modes\": %d, \"established\": %d, "
                        + "\"failed\": %d, \"timed_out\": %d, \"seconds\": %.3f, \"setups_per_second\": %.1f, "
                        + "\"setup_ms_p50\": %.1f, \"setup_ms_p99\": %.1f, \"setup_ms_max\": %.1f}",
                options.count(), options.proposal(), options.quickModes(), n, failed.get(), options.count() - n - failed.get(),
                secs, n / secs, rank(ok, 50), rank(ok, 99), ok.length == 0 ? 0 : ok[ok.length - 1] / 1e6);
    }

    static double rank(long[] sorted, int percentile) {
        if (sorted.length == 0) return 0;
        int r = Math.max(1, (percentile * sorted.length + 99) / 100);
        return sorted[r - 1] / 1e6;
    }

    private void start(Peer p) {
        synchronized (p) {
            p.startedNanos = System.nanoTime();
            apply(p, p.engine.acquire(request(p, 0), Instant.now()));
        }
    }

    /** The n-th Quick Mode's traffic: all of it first, then UDP only (a second, distinct SA pair). */
    private AcquireRequest request(Peer p, int n) {
        Subnet me = Subnet.host(inner(p.local.getAddress())), peer = Subnet.host(inner(options.responder()));
        org.ikd.core.policy.Selector s = n == 0 ? org.ikd.core.policy.Selector.between(me, peer)
                : new org.ikd.core.policy.Selector(me, peer, UDP, PortRange.ANY, PortRange.ANY);
        return new AcquireRequest("load", s, p.local.getAddress(), options.responder());
    }

    /** Carries out an engine's step; called with the peer's lock held. */
    private void apply(Peer p, Step step) {
        for (OutboundDatagram d : step.send()) send(p, d);
        for (TimerRequest t : step.timers()) arm(p, t);
        for (IkeEvent e : step.events()) {
            if (e instanceof IkeEvent.QuickModeEstablished) quickModeEstablished(p);
            else if (e instanceof IkeEvent.NegotiationFailed f) finish(p, false, f.reason());
        }
    }

    private void quickModeEstablished(Peer p) {
        p.quickModes++;
        if (p.quickModes < options.quickModes()) apply(p, p.engine.acquire(request(p, p.quickModes), Instant.now()));
        else if (p.quickModes == options.quickModes()) finish(p, true, null);
    }

    private void finish(Peer p, boolean ok, String why) {
        if (p.finished) return;
        p.finished = true;
        long now = System.nanoTime();
        if (ok) {
            setupNanos[p.index] = now - p.startedNanos;
            established.incrementAndGet();
            lastNanos.accumulateAndGet(now, Math::max);
        } else {
            failed.incrementAndGet();
            if (failed.get() <= 5) System.err.println("load: " + p.local.getAddress().getHostAddress() + " failed: " + why);
        }
        done.countDown();
        if (inFlight != null) inFlight.release();
    }

    private void send(Peer p, OutboundDatagram d) {
        try {
            (d.natTraversalPort() ? p.natTraversal : p.channel).send(ByteBuffer.wrap(d.wireBytes().toArray()), d.remote());
        } catch (IOException e) {
            System.err.println("load: send from " + p.local + " failed: " + e);
        }
    }

    private void arm(Peer p, TimerRequest t) {
        ScheduledFuture<?> old = p.timers.remove(t.key());
        if (old != null) old.cancel(false);
        if (t.isCancel()) return;
        long delay = Math.max(0, Duration.between(Instant.now(), t.at()).toMillis());
        if (delay > TimeUnit.HOURS.toMillis(1)) return;               // lifetimes: beyond any run
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        self[0] = timer.schedule(() -> workers.execute(() -> {
            synchronized (p) {
                if (p.timers.get(t.key()) != self[0]) return;        // replaced or cancelled meanwhile
                p.timers.remove(t.key());
                apply(p, p.engine.timerFired(t.key(), Instant.now()));
            }
        }), delay, TimeUnit.MILLISECONDS);
        p.timers.put(t.key(), self[0]);
    }

    /** The reader thread: every socket on one selector; each datagram goes to its engine on a worker. */
    private void readLoop() {
        try (Selector sel = Selector.open()) {
            for (Peer p : peers) {
                p.channel.register(sel, SelectionKey.OP_READ, p);
                p.natTraversal.register(sel, SelectionKey.OP_READ, p);
            }
            ByteBuffer buf = ByteBuffer.allocate(65536);
            while (running) {
                if (sel.select(200) == 0) continue;
                for (SelectionKey k : sel.selectedKeys()) {
                    Peer p = (Peer) k.attachment();
                    boolean natT = k.channel() == p.natTraversal;
                    buf.clear();
                    InetSocketAddress from = (InetSocketAddress) ((DatagramChannel) k.channel()).receive(buf);
                    if (from == null) continue;
                    buf.flip();
                    if (natT && (buf.remaining() <= NON_ESP_MARKER || buf.getInt(0) != 0)) continue;   // keepalive or ESP
                    if (natT) buf.position(NON_ESP_MARKER);
                    byte[] msg = new byte[buf.remaining()];
                    buf.get(msg);
                    InetSocketAddress to = natT ? new InetSocketAddress(p.local.getAddress(), NAT_T_PORT) : p.local;
                    workers.execute(() -> {
                        synchronized (p) {
                            apply(p, p.engine.receive(new InboundDatagram(to, from, natT, Bytes.of(msg)), Instant.now()));
                        }
                    });
                }
                sel.selectedKeys().clear();
            }
        } catch (IOException e) {
            if (running) System.err.println("load: reader failed: " + e);
        }
    }

    /** Keeps the SAs until the hold file exists (bounded by 10 minutes). */
    private void hold() throws InterruptedException {
        if (options.holdFile() == null) return;
        System.err.println("load: holding the SAs until " + options.holdFile() + " exists");
        for (int i = 0; i < 6000 && !Files.exists(options.holdFile()); i++) Thread.sleep(100);
    }

    /** Deletes every SA (the responder gets Delete payloads), then closes the sockets. */
    private void close() throws InterruptedException {
        CountDownLatch bye = new CountDownLatch(peers.size());
        for (Peer p : peers) workers.execute(() -> {
            synchronized (p) {
                for (OutboundDatagram d : p.engine.shutdown(Instant.now()).send()) send(p, d);
            }
            bye.countDown();
        });
        bye.await(30, TimeUnit.SECONDS);
        running = false;
        timer.shutdownNow();
        workers.shutdownNow();
        workers.awaitTermination(5, TimeUnit.SECONDS);
        for (Peer p : peers) {
            try {
                p.channel.close();
                p.natTraversal.close();
            } catch (IOException ignored) {
                // closing: nothing to do
            }
        }
    }
}
