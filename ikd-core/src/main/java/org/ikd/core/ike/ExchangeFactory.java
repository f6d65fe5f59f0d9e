package org.ikd.core.ike;

import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.sa.IpsecSaPair;

/**
 * Makes the exchanges the engine runs; {@code ike.exchange} implements it for IKEv1 and tests pass
 * fakes. Each method may throw (the engine drops the message, or fails the acquire, and counts it).
 */
public interface ExchangeFactory {
    /** A phase-1 responder for a message with a zero responder cookie and message ID 0. */
    Exchange respondPhaseOne(IsakmpSa sa, InboundMessage first);

    /** A responder for a new message ID on {@code sa}: Quick Mode (once established) or Informational. */
    Exchange respond(IsakmpSa sa, InboundMessage first);

    /**
     * True when the first Aggressive Mode message {@code message} from {@code peer} is answered (a rule
     * opted in for its IDii); false leaves it to {@link UnsupportedExchanges} (INVALID-EXCHANGE-TYPE).
     */
    default boolean answersAggressiveMode(java.net.InetAddress peer, Bytes message) {
        return false;
    }

    /**
     * The rule {@code sa} negotiates for, for events: of the negotiate rules that apply to its peer, the
     * first whose authentication accepts what the peer proved (once it did), else the first; null: none.
     */
    default String ruleFor(IsakmpSa sa, java.time.Instant now) {
        return null;
    }

    /**
     * {@code sa} just completed phase 1: queue what must follow it ({@link IsakmpSa#follow}), e.g. the
     * gateway's XAUTH request to a road warrior (draft-beaulieu-ike-xauth-02 §4).
     */
    default void afterPhaseOne(IsakmpSa sa, java.time.Instant now) {
    }

    /** A phase-1 initiator for {@code acquire}. */
    Exchange initiatePhaseOne(IsakmpSa sa, AcquireRequest acquire);

    /**
     * True when {@code acquire}'s rule may key a Quick Mode on {@code sa}: its authentication methods
     * accept what the peer proved in Main Mode (RFC 2409 §5.5). Otherwise a new Main Mode keys it.
     */
    default boolean mayKey(IsakmpSa sa, AcquireRequest acquire, java.time.Instant now) {
        return true;
    }

    /** A Quick Mode initiator on the established {@code sa}, under the fresh {@code messageId}. */
    Exchange initiatePhaseTwo(IsakmpSa sa, int messageId, AcquireRequest acquire);

    /**
     * Informational messages that delete {@code sa} and {@code pairs} (RFC 2408 §3.15), under
     * {@code messageId}; empty when nothing may be sent (phase 1 not complete).
     */
    List<Bytes> deleteAll(IsakmpSa sa, int messageId, List<IpsecSaPair> pairs);

    /** An Informational deleting the IPsec SAs of {@code pair} (our inbound SPIs, RFC 2408 §3.15). */
    default List<Bytes> deleteIpsec(IsakmpSa sa, int messageId, IpsecSaPair pair) {
        return List.of();
    }

    /** An Informational carrying R-U-THERE {@code sequence} (RFC 3706 §5). */
    default List<Bytes> dpdProbe(IsakmpSa sa, int messageId, int sequence) {
        return List.of();
    }

    /**
     * Informationals telling the peer that ESP reached us on {@code spi}, which no SA of ours
     * receives on (RFC 2408 §3.14.1 INVALID-SPI, then a Delete naming it, §3.15), under
     * {@code messageId} and fresh IDs; empty when nothing may be sent.
     */
    default List<Bytes> invalidSpi(IsakmpSa sa, int messageId, int spi) {
        return List.of();
    }

    /**
     * The negotiation a negotiate rule would start with {@code peer} for ESP it sent to our
     * {@code local} address: transport mode when the rule's selector covers {@code local} to
     * {@code peer}, tunnel mode when its tunnel endpoint is {@code peer}; null when no rule does.
     */
    default AcquireRequest recoveryAcquire(java.net.InetAddress local, java.net.InetAddress peer) {
        return null;
    }
}
