package org.ikd.daemon;

import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.Step;
import org.ikd.core.sa.Direction;
import org.ikd.esp.DataPlane;
import org.ikd.esp.SaEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the data plane's lifetime events (RFC 4301 §4.4.2.1) set going, on the timer thread. Events
 * are drained at every tick and, because a byte crossing cannot wait for the next tick, as soon as
 * a pump raises one: at 300 Mbit/s the 10 % between the soft and hard byte limits of the default
 * 100,000 KB lifetime passes in a third of a second.
 */
final class LifetimeEvents {
    private static final Logger log = LoggerFactory.getLogger(LifetimeEvents.class);

    private final DataPlane dp;
    private final InstalledPairs installed;
    private final ScheduledExecutorService timer;
    private final Consumer<BiFunction<IkeEngine, Instant, Step>> submit;
    private final AtomicBoolean drainQueued = new AtomicBoolean();

    LifetimeEvents(DataPlane dp, InstalledPairs installed, ScheduledExecutorService timer,
                   Consumer<BiFunction<IkeEngine, Instant, Step>> submit) {
        this.dp = dp;
        this.installed = installed;
        this.timer = timer;
        this.submit = submit;
        dp.onEvent(this::signal);
    }

    /** On the timer thread: acts on every queued event. */
    void drain() {
        dp.drainEvents(this::handle);
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

    /**
     * Soft lifetime: a new Quick Mode for the same traffic (RFC 2409 §5.5), at once when we keyed
     * the Main Mode, after half the soft-to-hard margin otherwise, and not at all when the peer
     * renewed it meanwhile. Hard lifetime: the data plane removed the pair; the peer gets a Delete.
     */
    private void handle(SaEvent e) {
        InstalledPairs.Installed i = installed.find(e.pairId());
        if (i == null) return;
        if (!e.kind().requestsRekey()) {
            // an outbound SA at its hard limit during a rekey's handover: the data plane sends on the
            // newer pair already; the old inbound side still takes what the peer sent before it switched
            long wait = e.direction() == Direction.OUTBOUND && installed.hasNewer(i) ? IkeOutcomes.HANDOVER_MILLIS : 0;
            timer.schedule(() -> submit.accept((engine, now) ->
                    engine.deleteIpsecSa(e.pairId(), "hard lifetime reached (" + e.kind() + ")", now)), wait, TimeUnit.MILLISECONDS);
            return;
        }
        var life = i.pair().outbound().outermost().lifetime();
        long delay = i.initiator() ? 0 : Math.max(1, (life.hardSeconds() - life.softSeconds()) / 2);
        timer.schedule(() -> rekey(i, e), delay, TimeUnit.SECONDS);
    }

    private void rekey(InstalledPairs.Installed i, SaEvent e) {
        if (installed.hasNewer(i) || !installed.startRekey(i.pair().id())) return;
        if (IkeOutcomes.isDefaultResponse(i.rule())) {              // it never initiates: the peer renews, or the pair expires
            log.info("SA pair {} of the default response: {}, not renewed by us (the default response never initiates)", e.pairId(),
                    e.kind());
            return;
        }
        log.info("SA pair {} of rule '{}': {} -> new Quick Mode", e.pairId(), e.ruleName(), e.kind());
        submit.accept((engine, now) -> engine.acquire(i.again(), now));
    }
}
