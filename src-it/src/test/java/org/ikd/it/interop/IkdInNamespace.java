package org.ikd.it.interop;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.Entropy;
import org.ikd.core.ike.IkeConfig;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.IkeStatistics;
import org.ikd.core.ike.IpsecSaRegistry;
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
import org.ikd.it.lab.Netns;
import org.ikd.tun.posix.NetNamespace;

/**
 * ikd's IKE engine and its Netty transport, inside the test JVM but in the network namespace of
 * host A. A dedicated thread enters the namespace (setns) and calls {@link IkeTransport#start} there:
 * Netty's {@code Bootstrap.bind} creates each socket (the channel's constructor) on the calling
 * thread, and the event-loop thread, started from that thread too, inherits its namespace (see
 * docs/interop.md). The policy sits behind a reference so a test can change it between negotiations.
 */
final class IkdInNamespace implements AutoCloseable {
    private static final long CALL_SECONDS = 10;

    private final ExecutorService inside;
    private final AtomicReference<Policy> policy;
    private final IkeStatistics stats;
    private final List<IkeEvent> events;
    private final IkeEngine engine;
    private final IkeTransport transport;
    private final String enteringThreadNetns;

    private IkdInNamespace(ExecutorService inside, AtomicReference<Policy> policy, IkeStatistics stats, List<IkeEvent> events,
                           IkeEngine engine, IkeTransport transport, String enteringThreadNetns) {
        this.inside = inside;
        this.policy = policy;
        this.stats = stats;
        this.events = events;
        this.engine = engine;
        this.transport = transport;
        this.enteringThreadNetns = enteringThreadNetns;
    }

    /** Starts ikd in {@code ns} on UDP 500/4500 of {@code local}, forcing UDP encapsulation. */
    static IkdInNamespace start(Netns ns, InetAddress local, Policy initial, IkeConfig config) throws Exception {
        ExecutorService inside = Executors.newSingleThreadExecutor(r -> new Thread(r, "ikd-in-" + ns.name()));
        try {
            AtomicReference<Policy> policy = new AtomicReference<>(initial);
            List<IkeEvent> events = new CopyOnWriteArrayList<>();
            IkdInNamespace[] made = new IkdInNamespace[1];
            inside.submit(() -> {
                NetNamespace.enter(ns.name());              // this thread stays inside until the executor ends
                SecureRandom random = new SecureRandom();
                Entropy entropy = Entropy.of(random);
                IkeStatistics stats = new IkeStatistics();
                IpsecSaRegistry registry = new IpsecSaRegistry(new SpiAllocator(entropy, spi -> false));
                Ikev1Exchanges exchanges = new Ikev1Exchanges(policy::get, new RulePreSharedKeys(policy::get), entropy,
                        DhSource.of(random), registry, ExchangeOptions.DEFAULT.withForcedEncapsulation(true));
                IkeEngine engine = new IkeEngine(config, exchanges, entropy, stats, registry);
                IkeTransport t = IkeTransport.start(TransportConfig.standard(List.of(local)), engine, events::add,
                        EspInUdpSink.DISCARD, stats, Clock.systemUTC());
                made[0] = new IkdInNamespace(inside, policy, stats, events, engine, t, currentNetns());
                return null;
            }).get(CALL_SECONDS, TimeUnit.SECONDS);
            return made[0];
        } catch (java.util.concurrent.ExecutionException e) {
            inside.shutdownNow();
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (Exception | Error e) {
            inside.shutdownNow();
            throw e;
        }
    }

    /** The inode of the calling thread's network namespace, e.g. {@code net:[4026532285]}. */
    static String currentNetns() throws java.io.IOException {
        return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
    }

    String enteringThreadNetns() {
        return enteringThreadNetns;
    }

    /** The network namespace of the IKE event-loop thread. */
    String eventLoopNetns() throws Exception {
        return onEventLoop(engine -> {
            try {
                return currentNetns();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    void usePolicy(Policy p) {
        policy.set(p);
    }

    void acquire(AcquireRequest request) {
        transport.submit(now -> engine.acquire(request, now));
    }

    /** Runs {@code query} on the IKE event loop (the engine is confined to it) and returns its answer. */
    <T> T onEventLoop(Function<IkeEngine, T> query) throws Exception {
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

    List<IpsecSaRegistry.Entry> ipsecSas() throws Exception {
        return onEventLoop(e -> e.ipsecSas().all());
    }

    IkeStatistics statistics() {
        return stats;
    }

    /** Every event so far, oldest first. */
    List<IkeEvent> events() {
        return new ArrayList<>(events);
    }

    /** The first event (oldest first) that {@code wanted} accepts, waiting up to {@code timeout}; null if none came. */
    <E extends IkeEvent> E await(Class<E> type, Predicate<E> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            for (IkeEvent e : events)
                if (type.isInstance(e) && wanted.test(type.cast(e))) return type.cast(e);
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return null;
    }

    /** ikd's events, one per line, for failure messages. */
    String describeEvents() {
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
