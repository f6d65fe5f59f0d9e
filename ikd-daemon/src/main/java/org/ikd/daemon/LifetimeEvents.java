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
     * Soft lifetime: a new Quick Mode for the same traffic (RFC 2409 §5.5), after
     * {@link #rekeyDelaySeconds}, and not at all when the peer renewed it meanwhile. Hard lifetime:
     * the data plane removed the pair; the peer gets a Delete.
     */
    void handle(SaEvent e) {
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
        timer.schedule(() -> rekey(i, e), rekeyDelaySeconds(i, e.kind()), TimeUnit.SECONDS);
    }

    /**
     * When a soft crossing of {@code kind} renews {@code i}. By time, the side that keyed the Main
     * Mode renews at once and the other waits half the soft-to-hard margin, so that both do not
     * rekey the same pair (it renews only if the peer did not). By bytes (or sequence numbers) both
     * renew at once: how long the bytes left last depends on the traffic, not on the time margin
     * (at 100 Mbit/s the 10 % of a 20 MB lifetime pass in 0.2 s, a wait of half the time margin was
     * minutes), and charon ignores byte lifetimes, so an ikd responder that waited for the peer saw
     * its pair hard-expire. Both sides of an ikd pair cross together: the collision rule keeps one of
     * the two new pairs ({@link RekeyCollisions}).
     */
    static long rekeyDelaySeconds(InstalledPairs.Installed i, SaEvent.Kind kind) {
        if (i.initiator() || kind != SaEvent.Kind.SOFT_LIFETIME_TIME) return 0;
        var life = i.pair().outbound().outermost().lifetime();
        return Math.max(1, (life.hardSeconds() - life.softSeconds()) / 2);
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
