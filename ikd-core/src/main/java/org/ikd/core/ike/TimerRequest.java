package org.ikd.core.ike;

import java.time.Instant;
import java.util.Objects;

/**
 * Asks the transport to call {@code IkeEngine.timerFired(key, ...)} at {@code at}, replacing any
 * timer with the same key; with {@code at == null}, to cancel that timer.
 */
public record TimerRequest(TimerKey key, Instant at) {
    public TimerRequest {
        Objects.requireNonNull(key, "key");
    }

    public static TimerRequest schedule(TimerKey key, Instant at) {
        return new TimerRequest(key, Objects.requireNonNull(at, "at"));
    }

    public static TimerRequest cancel(TimerKey key) {
        return new TimerRequest(key, null);
    }

    public boolean isCancel() {
        return at == null;
    }
}
