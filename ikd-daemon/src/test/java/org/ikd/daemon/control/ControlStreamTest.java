package org.ikd.daemon.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ikd.daemon.log.EventStream;
import org.ikd.daemon.log.OakleyLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code watch} over a real control socket, fed by real Oakley log lines through Logback. */
class ControlStreamTest {
    @TempDir
    Path dir;

    private final FakeHandler handler = new FakeHandler();
    private ControlServer server;

    @BeforeEach
    void start() throws Exception {
        handler.stream = EventStream.attach();
        server = new ControlServer(ControlSettings.at(dir.resolve("ikd.sock")).withGroup("no-such-group-ikd-test"), handler, c -> true);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        handler.stream.detach();
    }

    @Test
    void streamsEveryOakleyLineOfABurstInOrderWithItsPeerField() throws Exception {
        OakleyLog oakley = OakleyLog.open(false);
        List<StreamLine> got = new ArrayList<>();
        new ControlClient(dir.resolve("ikd.sock"), Duration.ofSeconds(5)).stream(ControlRequest.watch(null, null, false), () -> {
            for (int i = 0; i < 200; i++) oakley.line("198.18.0.2", "MM#" + (i % 6 + 1), "line " + i);
        }, line -> {
            if (!StreamLine.HEARTBEAT.equals(line.source())) got.add(line);
            return got.size() < 200;
        });
        assertEquals(200, got.size());
        for (int i = 0; i < 200; i++) {
            StreamLine l = got.get(i);
            assertEquals("oakley", l.source());
            assertEquals("198.18.0.2 MM#" + (i % 6 + 1) + " line " + i, l.text(), "in order, none lost, none cut");
            assertEquals("198.18.0.2", l.field("peer"));
        }
        assertTrue(handler.calls.contains("watch null null false"), handler.calls.toString());
    }

    @Test
    void sendsHeartbeatsWhileNothingHappens() throws Exception {
        long start = System.nanoTime();
        int[] beats = {0};
        new ControlClient(dir.resolve("ikd.sock"), Duration.ofSeconds(5)).stream(ControlRequest.watch(null, null, true), () -> { },
                line -> StreamLine.HEARTBEAT.equals(line.source()) && ++beats[0] < 2);
        assertEquals(2, beats[0]);
        assertTrue(System.nanoTime() - start >= 3_000_000_000L, "two idle intervals of 2 s");
    }

    @Test
    void refusesANinthReaderAsBusy() throws Exception {
        List<EventStream.Subscription> held = new ArrayList<>();
        for (int i = 0; i < EventStream.MAX_SUBSCRIBERS; i++) held.add(handler.stream.subscribe(e -> true, 4));
        try {
            ControlException e = assertThrows(ControlException.class, () -> new ControlClient(dir.resolve("ikd.sock"),
                    Duration.ofSeconds(5)).stream(ControlRequest.watch(null, null, false), () -> { }, l -> false));
            assertEquals(ErrorCode.BUSY, e.code(), e.getMessage());
        } finally {
            held.forEach(EventStream.Subscription::close);
        }
    }
}
