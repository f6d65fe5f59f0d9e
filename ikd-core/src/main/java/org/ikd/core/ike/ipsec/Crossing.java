package org.ikd.core.ike.ipsec;

/** A lifetime limit an SA of a pair reached in the data plane (RFC 4301 §4.4.2.1, RFC 4303 §3.3.3). */
public enum Crossing {
    SOFT_TIME, SOFT_BYTES, SEQUENCE_EXHAUSTED, HARD_TIME, HARD_BYTES;

    /** True for the soft kinds: the SA still works and asks for a renewal. */
    public boolean soft() {
        return this == SOFT_TIME || this == SOFT_BYTES || this == SEQUENCE_EXHAUSTED;
    }
}
