package org.ikd.daemon;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ikd.core.crypto.DhGroup;
import org.ikd.core.crypto.DhGroupId;
import org.ikd.core.crypto.DhPrivate;
import org.ikd.core.ike.exchange.DhSource;

/**
 * Diffie-Hellman private values made ahead of time on the {@code ikd-dh} thread, so that the IKE
 * event loop does only the agreement (g^xy) of a Main Mode, not also the exponentiation of its own
 * public value: on a burst of Main Modes the two run on two cores (issue 8, setup rate).
 * <ol>
 * <li>{@link #generate} takes a ready value of the group, or makes one inline when none is ready;
 * <li>either way it asks the worker for one more, up to {@code depth} ready per group;
 * <li>every value is fresh and handed out once (RFC 2409 §5: a new g^x per exchange), then owned
 *     and destroyed by the exchange; {@link #close} destroys those never handed out.
 * </ol>
 * Thread-safe: {@code generate} runs on the IKE event loop, the refills on {@code ikd-dh}.
 */
final class DhPool implements DhSource, AutoCloseable {
    private final SecureRandom random;
    private final int depth;
    private final ExecutorService worker;
    private final Map<DhGroupId, BlockingQueue<DhPrivate>> ready = new ConcurrentHashMap<>();
    private final Map<DhGroupId, AtomicInteger> making = new ConcurrentHashMap<>();

    DhPool(SecureRandom random, int depth) {
        if (depth < 1) throw new IllegalArgumentException("depth " + depth + " (expected: >= 1)");
        this.random = random;
        this.depth = depth;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ikd-dh");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public DhPrivate generate(DhGroupId group) {
        DhPrivate p = queue(group).poll();
        refill(group, 1);
        return p != null ? p : DhGroup.of(group).generate(random);
    }

    /** Starts making {@code count} values of each group (the policy's), before the first Main Mode asks. */
    void prefill(Collection<DhGroupId> groups, int count) {
        for (DhGroupId g : groups) refill(g, count);
    }

    /** Values of {@code group} ready now (tests, diagnostics). */
    int ready(DhGroupId group) {
        return queue(group).size();
    }

    private BlockingQueue<DhPrivate> queue(DhGroupId group) {
        return ready.computeIfAbsent(group, g -> new ArrayBlockingQueue<>(depth));
    }

    private void refill(DhGroupId group, int count) {
        BlockingQueue<DhPrivate> q = queue(group);
        AtomicInteger inFlight = making.computeIfAbsent(group, g -> new AtomicInteger());
        for (int i = 0; i < count && q.size() + inFlight.get() < depth; i++) {
            inFlight.incrementAndGet();
            try {
                worker.execute(() -> make(group, q, inFlight));
            } catch (RejectedExecutionException closed) {
                inFlight.decrementAndGet();
                return;
            }
        }
    }

    private void make(DhGroupId group, BlockingQueue<DhPrivate> q, AtomicInteger inFlight) {
        try {
            DhPrivate p = DhGroup.of(group).generate(random);
            if (worker.isShutdown() || !q.offer(p)) p.destroy();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Stops the worker and destroys the values never handed out. */
    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (BlockingQueue<DhPrivate> q : ready.values()) {
            for (DhPrivate p = q.poll(); p != null; p = q.poll()) p.destroy();
        }
    }
}
