package org.ikd.daemon.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One ikd per control-socket directory (issue 14, part 5). The lock of another process is the root IT's. */
class InstanceLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondInstanceIsToldThePidOfTheFirstAndChangesNothing() throws Exception {
        Path socket = dir.resolve("run/ikd.sock");
        try (InstanceLock first = InstanceLock.acquire(socket, "")) {
            String pid = Long.toString(ProcessHandle.current().pid());
            IOException e = assertThrows(IOException.class, () -> InstanceLock.acquire(socket, ""));
            assertTrue(e.getMessage().startsWith("ikd already runs here (pid " + pid + ";"), e.getMessage());
            assertEquals(pid + "\n", Files.readString(dir.resolve("run/ikd.lock")), "the holder's pid stays");
        }
    }

    @Test
    void aStaleLockFileFromACrashDoesNotBlockAStart() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("ikd.lock"), "999999999\n");       // no process holds a lock on it
        try (InstanceLock lock = InstanceLock.acquire(run.resolve("ikd.sock"), "")) {
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(run.resolve("ikd.lock")));
        }
    }

    @Test
    void theLockIsFreeAgainOnceClosed() throws Exception {
        Path socket = dir.resolve("ikd.sock");
        InstanceLock.acquire(socket, "").close();
        try (InstanceLock again = InstanceLock.acquire(socket, "")) {
            assertTrue(Files.exists(dir.resolve(InstanceLock.FILE)));
        }
    }
}
