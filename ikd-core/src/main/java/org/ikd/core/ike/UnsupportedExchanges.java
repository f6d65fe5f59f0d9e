package org.ikd.core.ike;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiPredicate;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.IsakmpHeader;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.doi.Doi;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.ProtocolId;
import org.ikd.core.isakmp.error.MalformedMessageException;
import org.ikd.core.isakmp.payload.NotificationPayload;

/**
 * Answers messages of exchanges ikd does not speak with the notify the RFCs prescribe, instead of
 * silence (issue 13). Runs before the engine routes a datagram; confined to the IKE event loop.
 *
 * <ol>
 * <li>A well-formed header only (RFC 2408 §3.1: 28 octets, a non-zero initiator cookie, a length equal
 *     to the datagram's). Anything else goes on to the engine, which drops and counts it as today.
 * <li>IKEv1 (major version 1), a first message (responder cookie 0) of an exchange other than Main Mode,
 *     Informational and Quick Mode, e.g. Aggressive Mode (4) unless its IDii selects a rule with
 *     {@code aggressive = true}. RFC 2408 §5.2, step 4: "If the Exchange Type
 *     field validation fails, the message is discarded and [...] An Informational Exchange with a
 *     Notification payload containing the INVALID-EXCHANGE-TYPE message type MAY be sent to the
 *     transmitting entity. This action is dictated by a system security policy." No keys exist, so it goes
 *     unprotected, as Main Mode's NO-PROPOSAL-CHOSEN does (RFC 2409 §5.7). Messages under a responder cookie
 *     belong to an SA (or to none: INVALID-COOKIE) and stay with the engine.
 * <li>IKEv2 (major version 2) requests: an IKEv2 response, see {@link #ikev2InvalidMajorVersion}. An IKEv2
 *     response (R flag) is never answered: RFC 7296 §1.5, "the receiving node MUST NOT respond to it".
 * <li>Major version 3 and up: RFC 2408 §5.2, step 3, an Informational with INVALID-MAJOR-VERSION (the only
 *     format we can speak to a version whose format we do not know).
 * </ol>
 * The "system security policy" of §5.2 is a global token bucket of {@value #RATE_PER_SECOND} answers a
 * second with a burst of {@value #BURST}: a peer set up for a mode we lack retransmits every few seconds
 * (charon: 4 s, then 7.2 s, ...), so dozens of such peers are answered at once, while a spoofed flood
 * reflects at most 10 small datagrams a second at its victim. An answer is never larger than the message
 * it answers (56 octets IKEv1, 36 IKEv2; a real Aggressive Mode or IKE_SA_INIT message is hundreds), so
 * ikd never amplifies. Messages past the limit are dropped, counted, and summed up on the next answer's
 * line rather than logged one by one.
 */
final class UnsupportedExchanges {
    static final int RATE_PER_SECOND = 10;
    static final int BURST = 10;
    /** RFC 2408 §3.1, RFC 7296 §3.1: the fixed header; the version octet; the IKEv2 flags. */
    private static final int HEADER = 28, VERSION = 17, EXCHANGE = 18, FLAGS = 19, LENGTH = 24;
    private static final int IKEV2_RESPONSE = 0x20;
    /** RFC 7296 §3.2 Next Payload: Notify (N); §3.1: version 2.0. */
    private static final int IKEV2_NOTIFY = 41, IKEV2_VERSION = 0x20;
    /** Answer sizes: header, Notify (RFC 2408 §3.14: 12 + the 16-octet cookie pair as SPI; RFC 7296 §3.10: 8). */
    private static final int ISAKMP_ANSWER = HEADER + 12 + 16, IKEV2_ANSWER = HEADER + 8;

    private final IkeStatistics stats;
    private final Entropy entropy;
    private final int ratePerSecond;
    private final long cost;           // nanoseconds of credit one answer takes: 1 s / rate
    private final long capacity;       // the burst, in the same nanoseconds
    private long credit;
    private Instant refilled;
    private long suppressed;           // dropped past the limit since the last answer
    private final BiPredicate<InetAddress, Bytes> aggressive;

    UnsupportedExchanges(IkeStatistics stats, Entropy entropy) {
        this(stats, entropy, RATE_PER_SECOND, BURST);
    }

    UnsupportedExchanges(IkeStatistics stats, Entropy entropy, int ratePerSecond, int burst) {
        this(stats, entropy, ratePerSecond, burst, (peer, message) -> false);
    }

    /** {@code aggressive}: whether a rule answers this first Aggressive Mode message (ExchangeFactory#answersAggressiveMode). */
    UnsupportedExchanges(IkeStatistics stats, Entropy entropy, BiPredicate<InetAddress, Bytes> aggressive) {
        this(stats, entropy, RATE_PER_SECOND, BURST, aggressive);
    }

    UnsupportedExchanges(IkeStatistics stats, Entropy entropy, int ratePerSecond, int burst,
                         BiPredicate<InetAddress, Bytes> aggressive) {
        if (ratePerSecond < 1 || burst < 1) throw new IllegalArgumentException("rate " + ratePerSecond + "/s, burst " + burst + " (expected: >= 1)");
        this.stats = stats;
        this.entropy = entropy;
        this.ratePerSecond = ratePerSecond;
        this.cost = 1_000_000_000L / ratePerSecond;
        this.capacity = cost * burst;
        this.credit = capacity;
        this.aggressive = aggressive;
    }

    /** The answer to one message: its size, how to build it (only when it goes out), what the message was, the notify. */
    private record Answer(int length, java.util.function.Supplier<Bytes> reply, String what, String notification) {}

    /** True when {@code d} was an unsupported exchange's message and is dealt with here (answered, or dropped). */
    boolean answer(InboundDatagram d, Instant now, Step.Builder out) {
        Bytes m = d.message();
        Answer a = answerTo(m, d.remote().getAddress());
        if (a == null) return false;
        if (a.length > m.length()) {            // a bare header: answering would amplify
            stats.increment(IkeCounter.INVALID_PACKETS_RECEIVED);
            out.event(new IkeEvent.PacketDropped(d.remote(), a.what + " in " + m.length() + " bytes, too short for one: not answered (a "
                    + a.length + "-byte " + a.notification + " would amplify it)"));
            return true;
        }
        stats.increment(IkeCounter.UNSUPPORTED_EXCHANGES);
        if (!take(now)) {
            suppressed++;
            return true;
        }
        String text = a.what + " is not supported -> " + a.notification;
        if (suppressed > 0) text += " (" + suppressed + " more past the limit of " + ratePerSecond + "/s dropped since the last answer)";
        suppressed = 0;
        out.send(OutboundDatagram.isakmp(d.local(), d.remote(), d.natTraversalPort(), a.reply.get()));
        out.event(new IkeEvent.Progress(CookiePair.of(m), d.remote(), text));
        return true;
    }

    /** The answer {@code m} gets here, or null when it is not ours (malformed, or an exchange ikd speaks). */
    private Answer answerTo(Bytes m, InetAddress peer) {
        // RFC 2408 §3.1 and RFC 7296 §3.1 put the version, exchange type, flags and length at the same octets
        if (m.length() < HEADER || readInt(m, LENGTH) != m.length() || readLong(m, 0) == 0) return null;
        int major = m.getUnsigned(VERSION) >>> 4, exchange = m.getUnsigned(EXCHANGE);
        if (major == 1) return ikev1(m, peer);
        if (major == 2) {
            if ((m.getUnsigned(FLAGS) & IKEV2_RESPONSE) != 0) return null;
            return new Answer(IKEV2_ANSWER, () -> ikev2InvalidMajorVersion(m), "IKEv2 " + ikev2Name(exchange) + " (major version 2, exchange " + exchange + ")",
                    "INVALID_MAJOR_VERSION (IKEv2 response)");
        }
        if (major > 2)
            return new Answer(ISAKMP_ANSWER, () -> isakmpNotify(m, NotifyType.INVALID_MAJOR_VERSION), "IKE major version " + major + " (exchange " + exchange + ")",
                    "INVALID-MAJOR-VERSION");
        return null;
    }

    /** An IKEv1 header, as the codec reads it; one it refuses is left to the engine, which drops and counts it. */
    private Answer ikev1(Bytes m, InetAddress peer) {
        IsakmpHeader h;
        try {
            h = IsakmpHeader.decode(m);
        } catch (MalformedMessageException e) {
            return null;
        }
        int exchange = h.exchangeType().value();
        if (spoken(exchange) || readLong(h.responderCookie(), 0) != 0) return null;
        if (exchange == ExchangeType.AGGRESSIVE.value() && aggressive.test(peer, m)) return null;     // a rule opted in (RFC 2409 §5.4)
        return new Answer(ISAKMP_ANSWER, () -> isakmpNotify(m, NotifyType.INVALID_EXCHANGE_TYPE), ikev1Name(exchange) + " (exchange " + exchange + ")",
                "INVALID-EXCHANGE-TYPE");
    }

    /** Takes one answer's credit from the bucket, refilled for the time since the last message. */
    private boolean take(Instant now) {
        if (refilled != null && now.isAfter(refilled)) {
            Duration elapsed = Duration.between(refilled, now);
            credit = elapsed.compareTo(Duration.ofNanos(capacity)) >= 0 ? capacity : Math.min(capacity, credit + elapsed.toNanos());
        }
        refilled = now;                     // a clock stepped back refills nothing, and counts on from there
        if (credit < cost) return false;
        credit -= cost;
        return true;
    }

    /** RFC 2408 §4.1 / RFC 2409 §5.5: what ikd speaks. */
    private static boolean spoken(int exchange) {
        return exchange == ExchangeType.MAIN_MODE.value() || exchange == ExchangeType.INFORMATIONAL.value()
                || exchange == ExchangeType.QUICK_MODE.value();
    }

    /**
     * HDR, N (RFC 2408 §3.1, §3.14): an Informational in the clear under the message's own cookies (we
     * keep no state, so the responder cookie stays 0), SPI the cookie pair, message ID random (RFC 2409 §5.7).
     */
    private Bytes isakmpNotify(Bytes m, NotifyType type) {
        Bytes cookies = m.slice(0, 16);
        int messageId = entropy.nextInt();
        NotificationPayload n = new NotificationPayload(Doi.IPSEC, ProtocolId.ISAKMP, type, cookies, Bytes.EMPTY);
        IsakmpHeader h = IsakmpHeader.of(m.slice(0, 8), m.slice(8, 16), ExchangeType.INFORMATIONAL, 0, messageId == 0 ? 1 : messageId);
        return new IsakmpMessage(h, List.of(n)).encode();
    }

    /**
     * HDR, N(INVALID_MAJOR_VERSION) in IKEv2's form (RFC 7296 §3.1 header, §3.10 Notify). RFC 7296 §1.5: the
     * message "includes either an INVALID_IKE_SPI or an INVALID_MAJOR_VERSION notification (with no
     * notification data). The message is a response message, and thus it is sent to the IP address and port
     * from whence it came with the same IKE SPIs and the Message ID and Exchange Type are copied from the
     * request. The Response flag is set to 1, and the version flags are set in the normal fashion." So: SPIs,
     * exchange type and message ID copied; flags R only (we are the responder, I clear, and we speak no
     * higher version, V clear); Notify with protocol ID 0 and SPI size 0 (§3.10: "If the SPI field is empty,
     * this field MUST be sent as zero"), type 5 (§3.10.1), no data.
     *
     * <p>Major version: RFC 7296 §2.5 asks for "an unauthenticated Notify message of type INVALID_MAJOR_VERSION
     * containing the highest (closest) version number it supports", and §3.10.1 puts that number "in the reply
     * header", i.e. 1. But an IKEv2 initiator cannot read such a hybrid: strongSwan 5.9.8's charon drops an
     * IKEv2 exchange type (34) under major version 1 before it reads any payload ("header verification
     * failed ... received invalid IKE header - ignored") and ignores an ISAKMP Informational on its IKEv2 SA
     * ("ignoring INFORMATIONAL_V1 IKEv1 exchange on IKEv2 SA"); both leave it retransmitting until it gives
     * up with "peer not responding", as silence would. Only the response as an IKEv2 message (version 2.0,
     * the format it is written in, RFC 7296 §3.1) reaches charon's IKE_SA_INIT task, which logs "received
     * INVALID_MAJOR_VERSION notify error" and fails at once (measured, UnknownExchangeIT). The notify type
     * itself tells the initiator that we do not speak its version.
     */
    static Bytes ikev2InvalidMajorVersion(Bytes request) {
        ByteBuffer b = ByteBuffer.allocate(IKEV2_ANSWER);
        request.slice(0, 16).writeTo(b);                                   // IKE SA Initiator's and Responder's SPIs
        b.put((byte) IKEV2_NOTIFY).put((byte) IKEV2_VERSION).put((byte) request.getUnsigned(EXCHANGE)).put((byte) IKEV2_RESPONSE);
        request.slice(20, 24).writeTo(b);                                  // Message ID
        b.putInt(IKEV2_ANSWER);
        b.put((byte) 0).put((byte) 0).putShort((short) 8);                 // generic payload header: last payload, C = 0
        b.put((byte) 0).put((byte) 0).putShort((short) NotifyType.INVALID_MAJOR_VERSION.value());
        return Bytes.of(b.array());
    }

    private static String ikev1Name(int exchange) {
        return switch (exchange) {
            case 0 -> "exchange type NONE";
            case 1 -> "Base Mode";
            case 3 -> "Authentication Only";
            case 4 -> "Aggressive Mode";
            case 6 -> "Transaction (Mode Config)";
            case 33 -> "New Group Mode";
            default -> "an unknown exchange";
        };
    }

    /** RFC 7296 §3.1 Exchange Type. */
    private static String ikev2Name(int exchange) {
        return switch (exchange) {
            case 34 -> "IKE_SA_INIT";
            case 35 -> "IKE_AUTH";
            case 36 -> "CREATE_CHILD_SA";
            case 37 -> "INFORMATIONAL";
            default -> "request";
        };
    }

    private static int readInt(Bytes b, int offset) {
        int v = 0;
        for (int i = 0; i < 4; i++) v = v << 8 | b.getUnsigned(offset + i);
        return v;
    }

    private static long readLong(Bytes b, int offset) {
        return (long) readInt(b, offset) << 32 | readInt(b, offset + 4) & 0xffffffffL;
    }
}
