package org.ikd.core.ike;

/**
 * Names one timer of the engine. At most one timer runs per key: scheduling a key again replaces
 * the earlier one. {@code sa} is the serial number of an ISAKMP SA ({@link IsakmpSa#serial()});
 * {@code messageId} is 0 for timers of the SA itself. For the {@code PAIR_*} kinds {@code sa} is an
 * IPsec SA pair's id ({@code ipsec.PairLifecycle}).
 */
public record TimerKey(long sa, Kind kind, int messageId) {
    public enum Kind {
        /** Resend the last message of an exchange that awaits a reply. */
        RETRANSMIT,
        /** Forget a finished exchange kept to answer duplicates. */
        LINGER,
        /** Give up on a Main Mode that has not completed (half-open time-out). */
        NEGOTIATION,
        /** The ISAKMP SA's lifetime is over. */
        EXPIRY,
        /** Dead peer detection: time to ask R-U-THERE (RFC 3706 §5). */
        DPD,
        /** Send a NAT keepalive (RFC 3948 §2.3). */
        NAT_KEEPALIVE,
        /** A lifetime of an IPsec SA pair (soft: re-key, hard: delete). */
        IPSEC_EXPIRY,
        /** A Main Mode responder's deferred renewal of a pair whose soft lifetime passed. */
        PAIR_RENEW,
        /** A rekey's handover is over: the old pair stops sending. */
        PAIR_HANDOVER,
        /** A retired or redundant pair is deleted. */
        PAIR_DELETE,
        /** DPD action restart: negotiate a dead pair's traffic again ({@code sa}: the dead pair's id). */
        PAIR_RESTART,
        /** The Quick Mode initiator's hold of a new pair is over: it sends, and the held packets go. */
        PAIR_SEND,
        /** The ISAKMP SA's soft point: a new Main Mode re-establishes it if it is in use ({@link PhaseOneRenewal}). */
        RENEWAL
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + "#" + sa + (messageId == 0 ? "" : String.format("/%08x", messageId));
    }
}
