package org.ikd.daemon;

import java.nio.file.Path;
import java.time.Duration;
import org.ikd.daemon.control.ControlSettings;

/**
 * How {@code ikd run} was asked to run: where the policy and the control socket are, and the
 * few knobs that are not policy.
 *
 * @param queues          TUN queues, one outbound pump thread each, and as many inbound pumps per raw
 *                        socket kind and ESP-in-UDP address, spread by SPI (issue 16 item 1)
 * @param mtu             MTU of the TUN device: room left for ESP, UDP and tunnel headers on a 1500-byte link
 * @param fallbackAfter   how long a negotiation may take before "fallback to clear" applies
 * @param releaseDelay    the longest wait after our Quick Mode completes before releasing queued
 *                        packets, so the responder has processed our last Quick Mode message (RFC
 *                        2409 §5.5: it may install its SAs on HASH(3)) and the first packet does not
 *                        hit an unknown SPI; the wait is 3 × the Quick Mode round trip, at least
 *                        10 ms, at most this ({@code AcquireQueue.releaseDelayNanos})
 */
public record DaemonOptions(Path config, boolean debugSecrets, Path controlSocket, int queues, int mtu,
                            Duration fallbackAfter, Duration releaseDelay) {
    public DaemonOptions {
        if (queues < 1 || queues > 16) throw new IllegalArgumentException("queues " + queues + " (expected: 1..16)");
    }

    /** As below, one queue per core available to the process (at most 16). */
    public static DaemonOptions of(Path config, boolean debugSecrets, Path controlSocket) {
        return of(config, debugSecrets, controlSocket, defaultQueues());
    }

    public static DaemonOptions of(Path config, boolean debugSecrets, Path controlSocket, int queues) {
        return new DaemonOptions(config, debugSecrets, controlSocket == null ? ControlSettings.DEFAULT_SOCKET : controlSocket,
                queues, 1400, Duration.ofSeconds(5), Duration.ofMillis(100));
    }

    static int defaultQueues() {
        return Math.min(16, Runtime.getRuntime().availableProcessors());
    }
}
