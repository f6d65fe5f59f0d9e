package org.ikd.daemon.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** sd_notify(3) message texts: READY=1, STOPPING=1, RELOADING=1 (+ MONOTONIC_USEC), STATUS=..., WATCHDOG=1. */
class SdNotifyTest {
    private final List<String> sent = new ArrayList<>();
    private final NotifyTransport recorder = (address, datagram) -> sent.add(address + " " + new String(datagram, StandardCharsets.UTF_8));

    @Test
    void sendsEachStateToTheNotifySocket() {
        SdNotify n = new SdNotify("/run/systemd/notify", Optional.empty(), recorder, () -> 1234567);
        assertTrue(n.ready());
        assertTrue(n.status("3 SAs up"));
        assertTrue(n.reloading());
        assertTrue(n.watchdog());
        assertTrue(n.stopping());
        assertEquals(List.of("/run/systemd/notify READY=1", "/run/systemd/notify STATUS=3 SAs up",
                "/run/systemd/notify RELOADING=1\nMONOTONIC_USEC=1234567", "/run/systemd/notify WATCHDOG=1",
                "/run/systemd/notify STOPPING=1"), sent);
    }

    @Test
    void keepsAStatusOnOneLine() {
        new SdNotify("@notify", Optional.empty(), recorder, () -> 0).status("line one\nline two\r");
        assertEquals(List.of("@notify STATUS=line one line two "), sent);
    }

    @Test
    void doesNothingOutsideSystemd() {
        SdNotify n = SdNotify.fromEnvironment(Map.of(), recorder);
        assertFalse(n.enabled());
        assertFalse(n.ready());
        assertEquals(Optional.empty(), n.watchdogInterval());
        assertTrue(sent.isEmpty());
    }

    @Test
    void neverThrowsWhenTheSocketIsGone() {
        SdNotify n = new SdNotify("/nonexistent", Optional.empty(), (a, d) -> { throw new IOException("No such file"); }, () -> 0);
        assertFalse(n.ready());
    }

    @Test
    void pingsTheWatchdogAtHalfItsTimeout() {
        // sd_watchdog_enabled(3): WATCHDOG_USEC=30000000 (WatchdogSec=30s); ping at half of it.
        assertEquals(Optional.of(Duration.ofSeconds(15)), SdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "30000000"), 42));
        assertEquals(Optional.of(Duration.ofSeconds(15)),
                SdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "42"), 42));
    }

    @Test
    void ignoresAWatchdogMeantForAnotherProcessOrMalformed() {
        assertEquals(Optional.empty(), SdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "7"), 42));
        assertEquals(Optional.empty(), SdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "thirty"), 42));
        assertEquals(Optional.empty(), SdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "0"), 42));
        assertEquals(Optional.empty(), SdNotify.watchdogInterval(Map.of(), 42));
    }

    @Test
    void pingsOnlyWhileHealthy() throws Exception {
        SdNotify n = new SdNotify("@notify", Optional.of(Duration.ofMillis(5)), recorder, () -> 0);
        boolean[] healthy = {true};
        try (Watchdog w = new Watchdog(n, () -> healthy[0])) {
            w.ping();
            healthy[0] = false;
            w.ping();
        }
        assertEquals(List.of("@notify WATCHDOG=1"), sent);
    }

    @Test
    void keepsPingingOnItsOwnThread() throws Exception {
        List<String> pings = java.util.Collections.synchronizedList(new ArrayList<>());
        SdNotify n = new SdNotify("@notify", Optional.of(Duration.ofMillis(5)), (a, d) -> pings.add(new String(d)), () -> 0);
        try (Watchdog w = new Watchdog(n, () -> true)) {
            assertTrue(w.start());
            long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (pings.size() < 3 && System.nanoTime() < end) Thread.sleep(5);
        }
        assertTrue(pings.size() >= 3, "pings: " + pings.size());
        assertTrue(pings.stream().allMatch("WATCHDOG=1"::equals));
    }

    @Test
    void startsNoWatchdogWhenSystemdAskedForNone() {
        SdNotify n = new SdNotify("@notify", Optional.empty(), recorder, () -> 0);
        try (Watchdog w = new Watchdog(n, () -> true)) {
            assertFalse(w.start());
        }
    }
}
