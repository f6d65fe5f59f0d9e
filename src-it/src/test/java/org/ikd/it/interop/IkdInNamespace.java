package org.ikd.it.interop;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.IkeConfig;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.IkeStatistics;
import org.ikd.core.ike.PairRegistry;
import org.ikd.core.policy.Policy;
import org.ikd.it.lab.IkeEngineNode;
import org.ikd.it.lab.Netns;

/**
 * ikd's IKE engine and its Netty transport, inside the test JVM but in the network namespace of
 * host A ({@link IkeEngineNode}: a dedicated thread enters the namespace and starts the transport
 * there, docs/interop.md). The policy sits behind a reference so a test can change it between
 * negotiations.
 */
final class IkdInNamespace implements AutoCloseable {
    private final AtomicReference<Policy> policy;
    private final IkeEngineNode node;

    private IkdInNamespace(AtomicReference<Policy> policy, IkeEngineNode node) {
        this.policy = policy;
        this.node = node;
    }

    /** Starts ikd in {@code ns} on UDP 500/4500 of {@code local}, forcing UDP encapsulation. */
    static IkdInNamespace start(Netns ns, InetAddress local, Policy initial, IkeConfig config) throws Exception {
        AtomicReference<Policy> policy = new AtomicReference<>(initial);
        return new IkdInNamespace(policy, IkeEngineNode.start(ns, local, policy::get, config));
    }

    /** The inode of the calling thread's network namespace, e.g. {@code net:[4026532285]}. */
    static String currentNetns() throws java.io.IOException {
        return IkeEngineNode.currentNetns();
    }

    String enteringThreadNetns() {
        return node.enteringThreadNetns();
    }

    /** The network namespace of the IKE event-loop thread. */
    String eventLoopNetns() throws Exception {
        return node.eventLoopNetns();
    }

    void usePolicy(Policy p) {
        policy.set(p);
    }

    void acquire(AcquireRequest request) {
        node.acquire(request);
    }

    /** Runs {@code query} on the IKE event loop (the engine is confined to it) and returns its answer. */
    <T> T onEventLoop(Function<IkeEngine, T> query) throws Exception {
        return node.onEventLoop(query);
    }

    List<PairRegistry.Entry> ipsecSas() throws Exception {
        return node.ipsecSas();
    }

    IkeStatistics statistics() {
        return node.statistics();
    }

    /** Every event so far, oldest first. */
    List<IkeEvent> events() {
        return node.events();
    }

    /** The first event (oldest first) that {@code wanted} accepts, waiting up to {@code timeout}; null if none came. */
    <E extends IkeEvent> E await(Class<E> type, Predicate<E> wanted, Duration timeout) throws InterruptedException {
        return node.await(type, wanted, timeout);
    }

    /** ikd's events, one per line, for failure messages. */
    String describeEvents() {
        return node.describeEvents();
    }

    /** Sends the Deletes, closes the sockets, stops the loop, then ends the thread inside the namespace. */
    @Override
    public void close() throws InterruptedException {
        node.close();
    }
}
