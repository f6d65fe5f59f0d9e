package org.ikd.esp;

import org.ikd.core.sa.Direction;
import org.ikd.core.sa.Spi;

/**
 * Something the IKE side must act on, queued by the data plane (non-blocking, bounded; created
 * once per SA and crossing, never per packet) and drained by the daemon.
 */
public record SaEvent(Kind kind, long pairId, String ruleName, Direction direction, Spi spi) {
    public enum Kind {
        SOFT_LIFETIME_BYTES, SOFT_LIFETIME_TIME, SEQUENCE_EXHAUSTED, HARD_LIFETIME_BYTES, HARD_LIFETIME_TIME;

        /** True for the kinds that ask for a rekey (the SA still works). */
        public boolean requestsRekey() {
            return this == SOFT_LIFETIME_BYTES || this == SOFT_LIFETIME_TIME || this == SEQUENCE_EXHAUSTED;
        }
    }

    /** True when the data plane removed the pair (hard lifetime): send a Delete. */
    public boolean removed() {
        return !kind.requestsRekey();
    }
}
