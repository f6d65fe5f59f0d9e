package org.ikd.daemon.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlClientTest {
    @TempDir
    Path dir;

    @Test
    void saysIkdIsNotRunningWhenThereIsNoSocket() {
        Path socket = dir.resolve("ikd.sock");
        ControlException e = assertThrows(ControlException.class, () -> new ControlClient(socket, Duration.ofSeconds(1))
                .call(ControlRequest.of(ControlRequest.Command.SHOW_MM), MainModeSas.class));
        assertEquals(ErrorCode.NOT_RUNNING, e.code());
        assertEquals("ikd is not running (no socket at " + socket + "); start it with: systemctl start ikd", e.getMessage());
    }

    @Test
    void saysIkdIsNotRunningWhenNobodyListensOnALeftoverSocket() throws Exception {
        Path socket = dir.resolve("ikd.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        ControlException e = assertThrows(ControlException.class, () -> new ControlClient(socket, Duration.ofSeconds(1))
                .call(ControlRequest.of(ControlRequest.Command.SHOW_MM), MainModeSas.class));
        assertEquals(ErrorCode.NOT_RUNNING, e.code());
        assertEquals("ikd is not running (nobody listens on " + socket + "); start it with: systemctl start ikd", e.getMessage());
    }

    @Test
    void givesUpOnADaemonThatNeverAnswers() throws Exception {
        Path socket = dir.resolve("ikd.sock");
        try (ServerSocketChannel mute = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            mute.bind(UnixDomainSocketAddress.of(socket));   // accepts into the backlog, never answers
            ControlException e = assertThrows(ControlException.class, () -> new ControlClient(socket, Duration.ofMillis(200))
                    .call(ControlRequest.of(ControlRequest.Command.SHOW_MM), MainModeSas.class));
            assertEquals(ErrorCode.NO_ANSWER, e.code());
            assertEquals("ikd did not answer within 0 s; see what it is doing with: journalctl -u ikd", e.getMessage());
        }
    }
}
