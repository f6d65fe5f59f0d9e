package org.ikd.core.ike;

import java.net.InetSocketAddress;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.error.IsakmpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a datagram the engine could not handle ends up (STYLE.md "Protocol code", the
 * idea of BouncyCastle's {@code TlsFatalAlert}). Confined to the IKE event loop.
 *
 * <ol>
 * <li>An {@link IsakmpException} is bad input: the datagram is dropped, counted as an Invalid Packet
 *     under its RFC 2408 §3.14.1 notify type (INVALID-COOKIE as Windows' Invalid Cookies Received),
 *     and reported in one event. Nothing is sent back: for each check RFC 2408 §5.2-§5.5 says the
 *     notify "MAY be sent [...] dictated by a system security policy", and answering what was dropped
 *     unauthenticated would make ikd a reflector. The answers ikd does send are an exchange's own (a
 *     {@link NegotiationFailure}'s Notify, e.g. NO-PROPOSAL-CHOSEN to Main Mode 1) and those of
 *     {@link UnsupportedExchanges} (rate-limited, never larger than what they answer).
 * <li>Anything else is a bug in ikd: the datagram is dropped, counted as an Internal Error, and
 *     logged with its stack trace. It never leaves {@link IkeEngine#receive}.
 * </ol>
 */
final class InboundFailures {
    private static final Logger log = LoggerFactory.getLogger(InboundFailures.class);

    private final IkeStatistics stats;

    InboundFailures(IkeStatistics stats) {
        this.stats = stats;
    }

    /** {@code from}'s datagram made {@code e}: count it, report it, log a bug. */
    void dropped(InetSocketAddress from, RuntimeException e, Step.Builder out) {
        if (e instanceof IsakmpException bad) {
            if (bad.notifyType().equals(NotifyType.INVALID_COOKIE)) stats.increment(IkeCounter.INVALID_COOKIES_RECEIVED);
            else stats.invalidPacket(bad.notifyType());
            out.event(new IkeEvent.PacketDropped(from, bad.getMessage()));
            return;
        }
        stats.increment(IkeCounter.INTERNAL_ERRORS);
        log.error("internal error on a datagram from {}: dropped", from, e);
        out.event(new IkeEvent.PacketDropped(from, "internal error: " + e));
    }

    /**
     * The text of an acquire's failure: a refusal (the peer's, or an argument ikd refused, e.g. a rule
     * the policy no longer has) as its message says; anything else marked a bug, and logged.
     */
    static String describeAcquireFailure(RuntimeException e) {
        if (e instanceof NegotiationFailure || e instanceof IsakmpException || e instanceof IllegalArgumentException)
            return e.getMessage();
        log.error("internal error on an acquire", e);
        return "internal error: " + e;
    }
}
