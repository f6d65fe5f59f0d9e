package org.ikd.core.ike;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.doi.Doi;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.ProtocolId;
import org.ikd.core.isakmp.error.IsakmpException;
import org.ikd.core.isakmp.payload.NotificationPayload;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Messages of exchanges ikd does not speak, through the whole engine: the notify each gets, checked
 * with ikd's decoder and octet by octet against the RFC layouts (RFC 2408 §3.1/§3.14, RFC 7296
 * §3.1/§3.10), the rate limit, and what stays a plain drop.
 */
class UnsupportedExchangesTest {
    static final Instant T0 = EnginePair.T0;
    static final InetSocketAddress US = new InetSocketAddress(IkeEngineTest.ADDRESS_B, 500);
    static final InetSocketAddress PEER = new InetSocketAddress(IkeEngineTest.ADDRESS_A, 500);
    static final long COOKIE = 0x0102030405060708L;

    IkeStatistics stats;
    FakeExchanges fake;
    IkeEngine engine;

    @BeforeEach
    void anEngine() {
        stats = new IkeStatistics();
        fake = new FakeExchanges();
        engine = new IkeEngine(IkeConfig.DEFAULT, fake, new SeededEntropy(7), stats);
    }

    /**
     * RFC 2408 §3.1 header written by hand, then one payload of {@code body} octets behind a generic
     * payload header (§3.2) whose next payload is 0: the size of a real first message, not its content.
     */
    static Bytes message(long initiator, long responder, int version, int exchange, int flags, int messageId, int body) {
        int length = 28 + 4 + body;
        ByteBuffer b = ByteBuffer.allocate(length);
        b.putLong(initiator).putLong(responder);
        b.put((byte) 1).put((byte) version).put((byte) exchange).put((byte) flags).putInt(messageId).putInt(length);
        b.put((byte) 0).put((byte) 0).putShort((short) (4 + body));
        return Bytes.of(b.array());
    }

    /** What ike-scan --aggressive sends, in size: HDR, SA, KE, Ni, IDii (RFC 2409 §5.4) around 300 octets. */
    static Bytes aggressiveMode() {
        return message(COOKIE, 0, 0x10, 4, 0, 0, 300);
    }

    /** What charon sends: an IKE_SA_INIT request (RFC 7296 §1.2), version 2.0, I flag (0x08), message ID 0. */
    static Bytes ikeSaInit() {
        return message(COOKIE, 0, 0x20, 34, 0x08, 0, 880);
    }

    Step receive(Bytes m, Instant now) {
        return engine.receive(new InboundDatagram(US, PEER, false, m), now);
    }

    static Bytes hex(String h) {
        return Bytes.fromHex(h.replace(" ", ""));
    }

    @Test
    void answersAggressiveModeWithAnUnprotectedInvalidExchangeTypeInformational() {
        Step s = receive(aggressiveMode(), T0);

        assertEquals(1, s.send().size());
        OutboundDatagram d = s.send().get(0);
        assertEquals(US, d.local());
        assertEquals(PEER, d.remote());
        assertEquals(OutboundDatagram.Framing.ISAKMP, d.framing());
        Bytes r = d.message();
        // ikd's own decoder: HDR, N in the clear, about the cookie pair it came under
        IsakmpMessage m = IsakmpMessage.decode(ByteBuffer.wrap(r.toArray()));
        assertEquals(ExchangeType.INFORMATIONAL, m.header().exchangeType());
        assertEquals(0, m.header().flags());
        NotificationPayload n = m.first(NotificationPayload.class).orElseThrow();
        assertEquals(new NotificationPayload(Doi.IPSEC, ProtocolId.ISAKMP, NotifyType.INVALID_EXCHANGE_TYPE,
                hex("0102030405060708 0000000000000000"), Bytes.EMPTY), n);
        // RFC 2408 §3.1 by hand: cookies as received, Next Payload 11 (N), version 1.0, exchange 5
        // (Informational, §4.1), no flags, a message ID that is not 0 (RFC 2409 §5.7), length 56
        assertEquals(hex("0102030405060708 0000000000000000 0b 10 05 00"), r.slice(0, 20));
        assertTrue(r.slice(20, 24).toHex().matches("(?!00000000).{8}"), "message ID " + r.slice(20, 24));
        assertEquals(hex("00000038"), r.slice(24, 28));
        // RFC 2408 §3.14: last payload, reserved, length 28; DOI 1 (IPsec); protocol 1 (ISAKMP); SPI size 16;
        // Notify Message Type 7, INVALID-EXCHANGE-TYPE (§3.14.1); the SPI is the cookie pair
        assertEquals(hex("00 00 001c 00000001 01 10 0007 0102030405060708 0000000000000000"), r.slice(28, 56));
        assertEquals(56, r.length());

        assertEquals(1, stats.get(IkeCounter.UNSUPPORTED_EXCHANGES));
        assertEquals(0, stats.get(IkeCounter.INVALID_PACKETS_RECEIVED));
        assertEquals(List.of(), engine.isakmpSas(), "no state is kept");
        assertEquals(List.of("Aggressive Mode (exchange 4) is not supported -> INVALID-EXCHANGE-TYPE"), texts(s));
    }

    @Test
    void answersIkeSaInitWithAnIkev2InvalidMajorVersionResponse() {
        Step s = receive(ikeSaInit(), T0);

        assertEquals(1, s.send().size());
        Bytes r = s.send().get(0).message();
        // RFC 7296 §3.1: the request's SPIs; Next Payload 41 (N, §3.2); version 2.0; exchange type copied (34,
        // IKE_SA_INIT); flags R (0x20) only; message ID copied (0); length 36
        assertEquals(hex("0102030405060708 0000000000000000 29 20 22 20 00000000 00000024"), r.slice(0, 28));
        // RFC 7296 §3.10: last payload, C = 0, length 8; Protocol ID 0 and SPI Size 0 (no SPI); Notify Message
        // Type 5, INVALID_MAJOR_VERSION (§3.10.1); no notification data (§1.5)
        assertEquals(hex("00 00 0008 00 00 0005"), r.slice(28, 36));
        assertEquals(36, r.length());
        // ikd's decoder reads no IKEv2: the answer is refused by it as any IKEv2 message is
        assertThrows(IsakmpException.class, () -> InboundMessage.peek(new InboundDatagram(PEER, US, false, r)));

        assertEquals(1, stats.get(IkeCounter.UNSUPPORTED_EXCHANGES));
        assertEquals(List.of("IKEv2 IKE_SA_INIT (major version 2, exchange 34) is not supported -> INVALID_MAJOR_VERSION (IKEv2 response)"),
                texts(s));
    }

    @Test
    void answersOnTheNatTraversalPortWithTheNonEspMarker() {
        Step s = engine.receive(new InboundDatagram(new InetSocketAddress(US.getAddress(), 4500),
                new InetSocketAddress(PEER.getAddress(), 4500), true, ikeSaInit()), T0);

        assertEquals(OutboundDatagram.Framing.NON_ESP_MARKER, s.send().get(0).framing());
        assertEquals(hex("00000000"), s.send().get(0).wireBytes().slice(0, 4));          // RFC 3948 §2.2
    }

    @Test
    void answersAHigherMajorVersionWithAnIsakmpInvalidMajorVersion() {
        Step s = receive(message(COOKIE, 0, 0x30, 34, 0, 0, 100), T0);

        IsakmpMessage m = IsakmpMessage.decode(ByteBuffer.wrap(s.send().get(0).message().toArray()));
        assertEquals(ExchangeType.INFORMATIONAL, m.header().exchangeType());
        assertEquals(NotifyType.INVALID_MAJOR_VERSION, m.first(NotificationPayload.class).orElseThrow().notifyType());
        assertEquals(hex("0005"), s.send().get(0).message().slice(38, 40));            // RFC 2408 §3.14.1: 5
    }

    @Test
    void answersTenOfElevenMessagesInOneInstantAndCountsAllEleven() {
        int answered = 0;
        for (int i = 0; i < 11; i++) answered += receive(aggressiveMode(), T0.plusMillis(i)).send().size();

        assertEquals(10, answered, "a burst of " + UnsupportedExchanges.BURST);
        assertEquals(11, stats.get(IkeCounter.UNSUPPORTED_EXCHANGES));
        assertEquals(0, stats.get(IkeCounter.INVALID_PACKETS_RECEIVED));
    }

    @Test
    void refillsOneAnswerEveryTenthOfASecondAndReportsTheDroppedOnes() {
        for (int i = 0; i < 13; i++) receive(aggressiveMode(), T0);               // 10 answered, 3 dropped, no lines for them

        assertEquals(List.of(), receive(aggressiveMode(), T0.plusMillis(99)).send());
        Step next = receive(aggressiveMode(), T0.plusMillis(100));               // 1 s / 10: one answer's credit
        assertEquals(1, next.send().size());
        assertEquals(List.of("Aggressive Mode (exchange 4) is not supported -> INVALID-EXCHANGE-TYPE"
                + " (4 more past the limit of 10/s dropped since the last answer)"), texts(next));
        int answered = 0;
        for (int i = 0; i < 12; i++) answered += receive(aggressiveMode(), T0.plusSeconds(5)).send().size();
        assertEquals(10, answered, "a quiet spell refills the burst, no more");
    }

    @Test
    void aClockSteppedBackRefillsNothing() {
        for (int i = 0; i < 10; i++) receive(aggressiveMode(), T0);

        assertEquals(List.of(), receive(aggressiveMode(), T0.minus(Duration.ofHours(1))).send());
        assertEquals(List.of(), receive(aggressiveMode(), T0.minus(Duration.ofHours(1)).plusMillis(50)).send());
        assertEquals(1, receive(aggressiveMode(), T0.minus(Duration.ofHours(1)).plusMillis(100)).send().size());
    }

    @Test
    void dropsAndCountsATruncatedHeaderAsBefore() {
        Bytes truncated = aggressiveMode().slice(0, 27);

        Step s = receive(truncated, T0);

        assertEquals(List.of(), s.send());
        assertEquals(1, stats.get(IkeCounter.INVALID_PACKETS_RECEIVED));
        assertEquals(0, stats.get(IkeCounter.UNSUPPORTED_EXCHANGES));
        assertEquals(1, s.events().size());
        assertTrue(s.events().get(0) instanceof IkeEvent.PacketDropped);
    }

    @Test
    void dropsAHeaderWhoseLengthIsNotTheDatagrams() {
        Bytes m = aggressiveMode();
        Bytes lying = Bytes.concat(m, Bytes.of(new byte[8]));                  // RFC 2408 §3.1: length is the whole message

        Step s = receive(lying, T0);

        assertEquals(List.of(), s.send(), s.events().toString());
        assertEquals(1, stats.get(IkeCounter.INVALID_PACKETS_RECEIVED));
        assertEquals(0, stats.get(IkeCounter.UNSUPPORTED_EXCHANGES));
    }

    @Test
    void neverAnswersABareHeaderWithALargerMessage() {
        Bytes bare = hex("0102030405060708 0000000000000000 00 10 04 00 00000000 0000001c");     // 28 octets, Aggressive

        Step s = receive(bare, T0);

        assertEquals(List.of(), s.send());
        assertEquals(1, stats.get(IkeCounter.INVALID_PACKETS_RECEIVED));
        assertEquals(0, fake.received.size());
    }

    @Test
    void neverAnswersAnIkev2Response() {
        Step s = receive(message(COOKIE, 0x1111111111111111L, 0x20, 34, 0x20, 0, 300), T0);     // R flag (RFC 7296 §1.5)

        assertEquals(List.of(), s.send());
        assertEquals(1, stats.get(IkeCounter.INVALID_PACKETS_RECEIVED));
        assertEquals(0, stats.get(IkeCounter.UNSUPPORTED_EXCHANGES));
    }

    @Test
    void leavesAnUnsupportedExchangeUnderAResponderCookieToTheEngine() {
        Step s = receive(message(COOKIE, 0x1111111111111111L, 0x10, 4, 0, 0, 300), T0);

        assertEquals(List.of(), s.send());
        assertEquals(1, stats.get(IkeCounter.INVALID_COOKIES_RECEIVED));
        assertEquals(0, stats.get(IkeCounter.UNSUPPORTED_EXCHANGES));
    }

    @Test
    void leavesMainModeToItsExchange() {
        Step s = receive(FakeExchanges.message(new CookiePair(COOKIE, 0), FakeExchanges.IDENTITY_PROTECTION, 0, "MM1"), T0);

        assertEquals(List.of("MM1"), fake.received);
        assertEquals(1, s.send().size());
        assertEquals(0, stats.get(IkeCounter.UNSUPPORTED_EXCHANGES));
    }

    static List<String> texts(Step s) {
        return s.events().stream().filter(IkeEvent.Progress.class::isInstance).map(e -> ((IkeEvent.Progress) e).text()).toList();
    }
}
