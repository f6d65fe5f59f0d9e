package org.ikd.daemon.sa;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ikd.core.ike.ipsec.Crossing;
import org.ikd.core.sa.Direction;
import org.ikd.esp.DataPlane;
import org.ikd.esp.SaEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the data plane's lifetime crossings (RFC 4301 §4.4.2.1) to the engine, which decides what
 * follows ({@code IkeEngine.lifetimeCrossed}: a renewal, a handover, a Delete). Events are drained
 * at every tick and, because a byte crossing cannot wait for the next tick, as soon as a pump raises
 * one: at 300 Mbit/s the 10 % between the soft and hard byte limits of the default 100,000 KB
 * lifetime passes in a third of a second. Drained on the timer thread.
 */
public final class LifetimeEvents {
    private static final Logger log = LoggerFactory.getLogger(LifetimeEvents.class);

    /** Where a crossing goes: the daemon submits {@code IkeEngine.lifetimeCrossed} to the IKE event loop. */
    public interface Engine {
        void lifetimeCrossed(long pairId, Crossing kind, Direction direction);
    }

    private final DataPlane dp;
    private final ScheduledExecutorService timer;
    private final Engine engine;
    private final AtomicBoolean drainQueued = new AtomicBoolean();

    public LifetimeEvents(DataPlane dp, ScheduledExecutorService timer, Engine engine) {
        this.dp = dp;
        this.timer = timer;
        this.engine = engine;
        dp.onEvent(this::signal);
    }

    /** On the timer thread: hands every queued event to the engine. */
    public void drain() {
        dp.drainEvents(e -> engine.lifetimeCrossed(e.pairId(), crossing(e.kind()), e.direction()));
    }

    /** On the raising thread: queues one drain task on the timer, unless one is queued already. */
    private void signal() {
        if (!drainQueued.compareAndSet(false, true)) return;
        try {
            timer.execute(() -> {
                drainQueued.set(false);
                try {
                    drain();
                } catch (RuntimeException e) {
                    log.warn("lifetime events failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            drainQueued.set(false);                 // shutting down: nothing to rekey any more
        }
    }

    static Crossing crossing(SaEvent.Kind kind) {
        return switch (kind) {
            case SOFT_LIFETIME_BYTES -> Crossing.SOFT_BYTES;
            case SOFT_LIFETIME_TIME -> Crossing.SOFT_TIME;
            case SEQUENCE_EXHAUSTED -> Crossing.SEQUENCE_EXHAUSTED;
            case HARD_LIFETIME_BYTES -> Crossing.HARD_BYTES;
            case HARD_LIFETIME_TIME -> Crossing.HARD_TIME;
        };
    }
}
