package org.ikd.daemon.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Where ikdctl writes and what it knows of its surroundings; tests pass their own.
 *
 * @param interactive stdout is a terminal: {@code monitor} clears the screen between frames
 */
record Terminal(PrintWriter out, PrintWriter err, Clock clock, boolean interactive) {
    /**
     * The system clock in the default time zone, looked up only when asked for. Resolving a zone
     * starts the time-zone rule providers, whose ServiceLoader opens every jar on the class path
     * (30-70 ms of a call, docs/performance.md "ikdctl start-up"); only {@code monitor} shows a
     * local time.
     */
    static final class SystemDefaultZone extends Clock {
        @Override
        public ZoneId getZone() {
            return ZoneId.systemDefault();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.system(zone);
        }

        @Override
        public Instant instant() {
            return Instant.now();
        }

        @Override
        public long millis() {
            return System.currentTimeMillis();
        }
    }
}
