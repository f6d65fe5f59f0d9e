package org.ikd.core.ike;

import java.time.Instant;
import org.ikd.core.crypto.Bytes;

/**
 * One IKEv1 exchange in one role (Main Mode initiator, Quick Mode responder, ...): a state machine
 * fed the messages that carry its message ID. It never does I/O, never reads the clock, and is
 * confined to the IKE event loop. Bad input throws (the engine drops and counts it); a refused
 * negotiation throws {@link NegotiationFailure}.
 */
public interface Exchange {
    /** Initiators: the first message. Responders are started by their first {@link #receive}. */
    default Reaction start(Instant now) {
        throw new IllegalStateException(getClass().getSimpleName() + " is a responder");
    }

    /** Consumes one message (never a byte-exact duplicate: the engine answers those). */
    Reaction receive(InboundMessage message, Instant now);

    /** The engine gave up on this exchange (failure, time-out, SA deleted) before it finished: free what it holds. */
    default void abandoned() {
    }

    /**
     * A pair this exchange installed that the peer has not confirmed (a Quick Mode responder still
     * awaiting HASH(3), RFC 2409 §5.5); null otherwise ({@code ipsec.PairState#UNCONFIRMED}).
     */
    default org.ikd.core.sa.IpsecSaPair unconfirmed() {
        return null;
    }

    /**
     * True when this exchange awaits the peer's answer to an offer that carried {@code spi}, so that
     * the peer's error notify naming it ends this exchange; an all-zero or empty {@code spi} names no
     * offer, and any exchange that could be meant answers true (Quick Mode initiators only).
     */
    default boolean refusedBy(Bytes spi) {
        return false;
    }

    /** The rule this exchange negotiates for, once it knows it (Quick Mode), for its failure's event; null: the ISAKMP SA's. */
    default String ruleName() {
        return null;
    }

    /** The traffic (our outbound selector) a Quick Mode negotiates, once known; null otherwise. */
    default org.ikd.core.policy.Selector flow() {
        return null;
    }

    /** Which phase a failure of this exchange is reported under. */
    IkeEvent.Phase phase();

    /** For the Oakley log and error texts, e.g. {@code MM}, {@code QM}, {@code INFO}. */
    String name();
}
