package org.ikd.daemon.control;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how the control socket listens.
 *
 * @param socket          the socket path; its directory is created 0750 when missing
 * @param group           the group allowed besides root; the socket is 0660 with this group if it
 *                        exists, else 0600
 * @param timeout         for one whole exchange (request read and answer written), so a stuck
 *                        client cannot hold a worker longer
 * @param maxRequestBytes a longer request is refused unread
 * @param workers         threads serving requests (a small fixed pool)
 * @param queue           accepted connections that may wait for a worker; beyond, "busy"
 */
public record ControlSettings(Path socket, String group, Duration timeout, int maxRequestBytes, int workers, int queue) {
    public static final Path DEFAULT_SOCKET = Path.of("/run/ikd/ikd.sock");

    public ControlSettings {
        if (workers < 1 || queue < 1 || maxRequestBytes < 64 || timeout.isNegative() || timeout.isZero())
            throw new IllegalArgumentException("control settings: workers " + workers + ", queue " + queue
                    + ", maxRequestBytes " + maxRequestBytes + ", timeout " + timeout
                    + " (expected: workers, queue >= 1, maxRequestBytes >= 64, timeout > 0)");
    }

    /** /run/ikd/ikd.sock, group ikd, 5 s, 64 KiB, 2 workers, 8 waiting. */
    public static ControlSettings defaults() {
        return at(DEFAULT_SOCKET);
    }

    public static ControlSettings at(Path socket) {
        return new ControlSettings(socket, "ikd", Duration.ofSeconds(5), 64 * 1024, 2, 8);
    }

    public ControlSettings withGroup(String group) {
        return new ControlSettings(socket, group, timeout, maxRequestBytes, workers, queue);
    }

    public ControlSettings withTimeout(Duration timeout) {
        return new ControlSettings(socket, group, timeout, maxRequestBytes, workers, queue);
    }
}
