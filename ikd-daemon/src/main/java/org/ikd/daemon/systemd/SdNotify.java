package org.ikd.daemon.systemd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sd_notify(3) protocol: newline-separated {@code KEY=VALUE} assignments in one datagram to
 * {@code $NOTIFY_SOCKET}. Without that variable (not started by systemd, or not Type=notify)
 * every call does nothing. Best effort, as sd_notify: a failed send is logged, never thrown.
 * Flow the daemon follows:
 * <ol>
 * <li>{@link #ready()} once the IKE sockets, TUN and control socket are up;
 * <li>{@link #reloading()} on SIGHUP / ikdctl reload, then {@link #ready()} when applied;
 * <li>{@link #watchdog()} every {@link #watchdogInterval()} while healthy ({@link Watchdog});
 * <li>{@link #stopping()} when a stop begins (before the Delete payloads go out).
 * </ol>
 */
public final class SdNotify {
    private static final Logger LOG = LoggerFactory.getLogger(SdNotify.class);

    private final String socket;
    private final Optional<Duration> watchdogInterval;
    private final NotifyTransport transport;
    private final LongSupplier monotonicMicros;

    SdNotify(String socket, Optional<Duration> watchdogInterval, NotifyTransport transport, LongSupplier monotonicMicros) {
        this.socket = socket == null || socket.isEmpty() ? null : socket;
        this.watchdogInterval = watchdogInterval;
        this.transport = transport;
        this.monotonicMicros = monotonicMicros;
    }

    /**
     * Reads {@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC} and {@code WATCHDOG_PID} from {@code env}
     * (pass {@code System.getenv()}). {@code MONOTONIC_USEC} is taken from {@code System.nanoTime},
     * which is CLOCK_MONOTONIC on Linux.
     */
    public static SdNotify fromEnvironment(Map<String, String> env, NotifyTransport transport) {
        return new SdNotify(env.get("NOTIFY_SOCKET"), watchdogInterval(env, ProcessHandle.current().pid()), transport,
                () -> System.nanoTime() / 1000);
    }

    /**
     * Half of {@code WATCHDOG_USEC}, as sd_watchdog_enabled(3) advises, when the watchdog is on
     * and meant for this process ({@code WATCHDOG_PID} absent or ours).
     */
    static Optional<Duration> watchdogInterval(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        String forPid = env.get("WATCHDOG_PID");
        if (usec == null || forPid != null && !forPid.equals(Long.toString(pid))) return Optional.empty();
        try {
            long micros = Long.parseLong(usec.trim());
            return micros > 0 ? Optional.of(Duration.ofNanos(micros * 1000 / 2)) : Optional.empty();
        } catch (NumberFormatException e) {
            LOG.warn("systemd: ignoring WATCHDOG_USEC={} (expected: microseconds)", usec);
            return Optional.empty();
        }
    }

    /** True when started by systemd with a notify socket. */
    public boolean enabled() {
        return socket != null;
    }

    public Optional<Duration> watchdogInterval() {
        return socket == null ? Optional.empty() : watchdogInterval;
    }

    public boolean ready() {
        return send("READY=1");
    }

    public boolean stopping() {
        return send("STOPPING=1");
    }

    /** systemd.service(5) Type=notify-reload asks RELOADING=1 to carry MONOTONIC_USEC. */
    public boolean reloading() {
        return send("RELOADING=1\nMONOTONIC_USEC=" + monotonicMicros.getAsLong());
    }

    public boolean watchdog() {
        return send("WATCHDOG=1");
    }

    /** One line of status for {@code systemctl status}; newlines become spaces. */
    public boolean status(String text) {
        return send("STATUS=" + text.replace('\n', ' ').replace('\r', ' '));
    }

    /** Sends raw assignments; false when disabled or the send failed. */
    public boolean send(String assignments) {
        if (socket == null) return false;
        try {
            transport.send(socket, assignments.getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("systemd: cannot notify {} ({}): {}", socket, assignments.lines().findFirst().orElse(""), e.toString());
            return false;
        }
    }
}
