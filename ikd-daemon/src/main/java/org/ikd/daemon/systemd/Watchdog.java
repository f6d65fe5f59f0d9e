package org.ikd.daemon.systemd;

import java.io.Closeable;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends WATCHDOG=1 every {@link SdNotify#watchdogInterval()} on its own thread
 * ({@code ikd-watchdog}), but only while {@code healthy} says yes: the daemon passes a check that
 * its IKE event loop and pumps still make progress, so a hung daemon stops pinging and systemd
 * restarts it (WatchdogSec=, Restart=on-failure). Does nothing when the watchdog is off.
 */
public final class Watchdog implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

    private final SdNotify notify;
    private final BooleanSupplier healthy;
    private ScheduledExecutorService timer;

    public Watchdog(SdNotify notify, BooleanSupplier healthy) {
        this.notify = notify;
        this.healthy = healthy;
    }

    /** Starts pinging; returns false when systemd asked for no watchdog. */
    public synchronized boolean start() {
        Duration every = notify.watchdogInterval().orElse(null);
        if (every == null || timer != null) return false;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ikd-watchdog");
            t.setDaemon(true);
            return t;
        });
        long micros = Math.max(1000, every.toNanos() / 1000);
        timer.scheduleAtFixedRate(this::ping, 0, micros, TimeUnit.MICROSECONDS);
        LOG.info("systemd: watchdog ping every {} ms", micros / 1000);
        return true;
    }

    void ping() {
        boolean ok;
        try {
            ok = healthy.getAsBoolean();
        } catch (RuntimeException e) {
            ok = false;
        }
        if (ok) notify.watchdog();
        else LOG.warn("systemd: health check failed; not pinging the watchdog (systemd will restart ikd if this lasts)");
    }

    @Override
    public synchronized void close() {
        if (timer != null) timer.shutdownNow();
        timer = null;
    }
}
