package org.ikd.it.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.Entropy;
import org.ikd.core.ike.IkeConfig;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.IkeStatistics;
import org.ikd.core.ike.PairRegistry;
import org.ikd.core.ike.SpiAllocator;
import org.ikd.core.ike.Step;
import org.ikd.core.ike.auth.RulePreSharedKeys;
import org.ikd.core.ike.exchange.DhSource;
import org.ikd.core.ike.exchange.ExchangeOptions;
import org.ikd.core.ike.exchange.Ikev1Exchanges;
import org.ikd.core.ike.transport.EspInUdpSink;
import org.ikd.core.ike.transport.IkeTransport;
import org.ikd.core.ike.transport.TransportConfig;
import org.ikd.core.policy.Policy;
import org.ikd.tun.posix.NetNamespace;

/**
 * ikd's IKE engine and transport in the test JVM, inside a namespace, UDP encapsulation forced; no
 * ESP. A dedicated thread enters the namespace (setns) and calls {@link IkeTransport#start} there:
 * Netty's {@code Bootstrap.bind} creates each socket on the calling thread, and the event-loop
 * thread, started from that thread too, inherits its namespace (see docs/interop.md). For the
 * certificate, fragmentation and interop tests; a real daemon is {@link IkdNode}.
 */
public final class IkeEngineNode implements AutoCloseable {
    private static final long CALL_SECONDS = 10;

    private final ExecutorService inside;
    private final IkeStatistics stats;
    private final List<IkeEvent> events;
    private final IkeEngine engine;
    private final IkeTransport transport;
    private final String enteringThreadNetns;

    private IkeEngineNode(ExecutorService inside, IkeStatistics stats, List<IkeEvent> events, IkeEngine engine,
                          IkeTransport transport, String enteringThreadNetns) {
        this.inside = inside;
        this.stats = stats;
        this.events = events;
        this.engine = engine;
        this.transport = transport;
        this.enteringThreadNetns = enteringThreadNetns;
    }

    public static IkeEngineNode start(Netns ns, InetAddress local, Policy policy) throws Exception {
        return start(ns, local, policy, IkeConfig.DEFAULT);
    }

    public static IkeEngineNode start(Netns ns, InetAddress local, Policy policy, IkeConfig config) throws Exception {
        return start(ns, local, () -> policy, config);
    }

    /**
     * Starts the engine with {@code config} on UDP 500/4500 of {@code local} in {@code ns}; it reads
     * the policy from {@code policy} at each negotiation, so a test may change it in between.
     */
    public static IkeEngineNode start(Netns ns, InetAddress local, Supplier<Policy> policy, IkeConfig config) throws Exception {
        ExecutorService inside = Executors.newSingleThreadExecutor(r -> new Thread(r, "ikd-en-" + ns.name()));
        try {
            List<IkeEvent> events = new CopyOnWriteArrayList<>();
            return inside.submit(() -> {
                NetNamespace.enter(ns.name());              // this thread stays inside until the executor ends
                SecureRandom random = new SecureRandom();
                Entropy entropy = Entropy.of(random);
                IkeStatistics stats = new IkeStatistics();
                PairRegistry registry = new PairRegistry(new SpiAllocator(entropy, spi -> false));
                Ikev1Exchanges exchanges = new Ikev1Exchanges(policy, new RulePreSharedKeys(policy), entropy,
                        DhSource.of(random), registry, ExchangeOptions.DEFAULT.withForcedEncapsulation(true));
                IkeEngine engine = new IkeEngine(config, exchanges, entropy, stats, registry);
                IkeTransport t = IkeTransport.start(TransportConfig.standard(List.of(local)), engine, events::add,
                        EspInUdpSink.DISCARD, stats, Clock.systemUTC());
                return new IkeEngineNode(inside, stats, events, engine, t, currentNetns());
            }).get(CALL_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            inside.shutdownNow();
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (Exception | Error e) {
            inside.shutdownNow();
            throw e;
        }
    }

    /** The inode of the calling thread's network namespace, e.g. {@code net:[4026532285]}. */
    public static String currentNetns() throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
    }

    /** The network namespace of the thread that started the transport. */
    public String enteringThreadNetns() {
        return enteringThreadNetns;
    }

    /** The network namespace of the IKE event-loop thread. */
    public String eventLoopNetns() throws Exception {
        return onEventLoop(engine -> {
            try {
                return currentNetns();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Runs {@code query} on the IKE event loop (the engine is confined to it) and returns its answer. */
    public <T> T onEventLoop(Function<IkeEngine, T> query) throws Exception {
        CompletableFuture<T> answer = new CompletableFuture<>();
        transport.submit(now -> {
            try {
                answer.complete(query.apply(engine));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
            return Step.NONE;
        });
        return answer.get(CALL_SECONDS, TimeUnit.SECONDS);
    }

    public void acquire(AcquireRequest request) {
        transport.submit(now -> engine.acquire(request, now));
    }

    /** The first event of {@code type} that {@code wanted} accepts, waiting up to {@code timeout}; null if none came. */
    public <E extends IkeEvent> E await(Class<E> type, Predicate<E> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            for (IkeEvent e : events)
                if (type.isInstance(e) && wanted.test(type.cast(e))) return type.cast(e);
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return null;
    }

    public List<PairRegistry.Entry> ipsecSas() throws Exception {
        return onEventLoop(e -> e.ipsecSas().all());
    }

    public IkeStatistics statistics() {
        return stats;
    }

    /** Every event so far, oldest first. */
    public List<IkeEvent> events() {
        return new ArrayList<>(events);
    }

    public <E extends IkeEvent> List<E> events(Class<E> type) {
        List<E> out = new ArrayList<>();
        for (IkeEvent e : events) if (type.isInstance(e)) out.add(type.cast(e));
        return out;
    }

    /** ikd's events, one per line, for failure messages. */
    public String describeEvents() {
        StringBuilder b = new StringBuilder();
        for (IkeEvent e : events) b.append("  ").append(e).append('\n');
        return b.length() == 0 ? "  (none)\n" : b.toString();
    }

    /** Sends the Deletes, closes the sockets, stops the loop, then ends the thread inside the namespace. */
    @Override
    public void close() throws InterruptedException {
        try {
            transport.stop(engine::shutdown);
        } finally {
            inside.shutdownNow();
            inside.awaitTermination(CALL_SECONDS, TimeUnit.SECONDS);
        }
    }
}
