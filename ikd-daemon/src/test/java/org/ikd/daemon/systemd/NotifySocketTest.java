package org.ikd.daemon.systemd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.ikd.tun.posix.UnixDatagramSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fake NOTIFY_SOCKET: the test binds its own AF_UNIX datagram socket, as systemd does, and
 * checks that the exact sd_notify(3) bytes arrive through the real transport.
 */
class NotifySocketTest {
    @TempDir
    Path dir;

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void deliversTheExactBytesToAPathSocket() throws Exception {
        String address = dir.resolve("notify").toString();
        try (UnixDatagramSocket systemd = UnixDatagramSocket.bind(address)) {
            SdNotify n = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", address), new UnixDatagramTransport());
            assertTrue(n.ready());
            assertArrayEquals("READY=1".getBytes(StandardCharsets.US_ASCII), systemd.receive(4096, WAIT));
            assertTrue(n.watchdog());
            assertArrayEquals("WATCHDOG=1".getBytes(StandardCharsets.US_ASCII), systemd.receive(4096, WAIT));
            assertTrue(n.stopping());
            assertArrayEquals("STOPPING=1".getBytes(StandardCharsets.US_ASCII), systemd.receive(4096, WAIT));
        }
    }

    @Test
    void deliversToAnAbstractNamespaceSocket() throws Exception {
        // systemd passes "@name" for an abstract socket: sun_path starts with a NUL (unix(7)).
        String address = "@ikd-notify-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (UnixDatagramSocket systemd = UnixDatagramSocket.bind(address)) {
            SdNotify n = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", address), new UnixDatagramTransport());
            assertTrue(n.status("ready, 2 SAs"));
            assertArrayEquals("STATUS=ready, 2 SAs".getBytes(StandardCharsets.US_ASCII), systemd.receive(4096, WAIT));
        }
    }

    @Test
    void reportsAMissingNotifySocketAsAFailedSendNotAnException() {
        SdNotify n = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", dir.resolve("absent").toString()), new UnixDatagramTransport());
        assertTrue(!n.ready());
    }

    @Test
    void timesOutWhenNothingArrives() throws Exception {
        try (UnixDatagramSocket s = UnixDatagramSocket.bind(dir.resolve("quiet").toString())) {
            assertThrows(SocketTimeoutException.class, () -> s.receive(64, Duration.ofMillis(50)));
        }
    }
}
