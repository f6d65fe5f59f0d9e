package org.ikd.core.ike;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.ikd.core.crypto.Bytes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a datagram that fails is dropped and labelled (RFC 2408 §5.2 header checks, each with the
 * notify type the RFC names for it), that none of them is answered, and that a bug is counted
 * apart from bad input. Headers are written by hand from RFC 2408 §3.1.
 */
class InboundFailuresTest {
    static final InetSocketAddress US = UnsupportedExchangesTest.US;
    static final InetSocketAddress PEER = UnsupportedExchangesTest.PEER;
    static final long COOKIE = UnsupportedExchangesTest.COOKIE;

    IkeStatistics stats;
    IkeEngine engine;

    @BeforeEach
    void anEngine() {
        stats = new IkeStatistics();
        engine = new IkeEngine(IkeConfig.DEFAULT, new FakeExchanges(), new SeededEntropy(7), stats);
    }

    @Test
    void labelsAMinorVersionAboveOursInvalidMinorVersion() {
        // RFC 2408 §5.2 step 3: version 1.1 (0x11) is INVALID-MINOR-VERSION
        Step s = receive(UnsupportedExchangesTest.message(COOKIE, 0, 0x11, 2, 0, 0, 40));
        assertDroppedUnanswered(s, "INVALID_MINOR_VERSION");
        assertEquals(Map.of("INVALID_MINOR_VERSION", 1L), stats.invalidPacketsByType());
    }

    @Test
    void labelsUnknownFlagsInvalidFlags() {
        // RFC 2408 §3.1: only E (1), C (2) and A (4) are defined
        Step s = receive(UnsupportedExchangesTest.message(COOKIE, 0, 0x10, 2, 0x40, 0, 40));
        assertDroppedUnanswered(s, "INVALID_FLAGS");
        assertEquals(Map.of("INVALID_FLAGS", 1L), stats.invalidPacketsByType());
    }

    @Test
    void labelsATruncatedHeaderPayloadMalformed() {
        Step s = receive(UnsupportedExchangesTest.message(COOKIE, 0, 0x10, 2, 0, 0, 40).slice(0, 20));
        assertDroppedUnanswered(s, "PAYLOAD_MALFORMED");
        assertEquals(Map.of("PAYLOAD_MALFORMED", 1L), stats.invalidPacketsByType());
    }

    @Test
    void countsCookiesOfNoSaAsInvalidCookies() {
        // RFC 2408 §5.2 step 2: INVALID-COOKIE, Windows' "Invalid Cookies Received"
        Step s = receive(UnsupportedExchangesTest.message(COOKIE, 0x1111222233334444L, 0x10, 5, 1, 7, 40));
        assertEquals(List.of(), s.send());
        assertEquals(1, stats.get(IkeCounter.INVALID_COOKIES_RECEIVED));
        assertEquals(0, stats.get(IkeCounter.INVALID_PACKETS_RECEIVED));
        assertTrue(reason(s).startsWith("INVALID_COOKIE: "), reason(s));
    }

    @Test
    void countsAZeroInitiatorCookieAsAnInvalidCookie() {
        Step s = receive(UnsupportedExchangesTest.message(0, 0, 0x10, 2, 0, 0, 40));
        assertEquals(List.of(), s.send());
        assertEquals(1, stats.get(IkeCounter.INVALID_COOKIES_RECEIVED));
    }

    @Test
    void countsABugAsAnInternalErrorNotAsAnInvalidPacket() {
        Step s = receive(FakeExchanges.message(new CookiePair(COOKIE, 0), FakeExchanges.IDENTITY_PROTECTION, 0, "BOOM"));
        assertEquals(List.of(), s.send());
        assertEquals(1, stats.get(IkeCounter.INTERNAL_ERRORS));
        assertEquals(0, stats.get(IkeCounter.INVALID_PACKETS_RECEIVED));
        assertEquals(Map.of(), stats.invalidPacketsByType());
        assertTrue(reason(s).startsWith("internal error: java.lang.NullPointerException"), reason(s));
    }

    private void assertDroppedUnanswered(Step s, String notifyType) {
        assertEquals(List.of(), s.send(), "RFC 2408 §5.2: the notify is a MAY; ikd answers no dropped datagram");
        assertEquals(1, stats.get(IkeCounter.INVALID_PACKETS_RECEIVED));
        assertEquals(0, stats.get(IkeCounter.INTERNAL_ERRORS));
        assertTrue(reason(s).startsWith(notifyType + ": "), reason(s));
    }

    private static String reason(Step s) {
        assertEquals(1, s.events().size(), s.events().toString());
        return ((IkeEvent.PacketDropped) s.events().get(0)).reason();
    }

    private Step receive(Bytes m) {
        return engine.receive(new InboundDatagram(US, PEER, false, m), EnginePair.T0);
    }
}
