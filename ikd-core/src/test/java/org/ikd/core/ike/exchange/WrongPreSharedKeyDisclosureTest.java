package org.ikd.core.ike.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.EnginePair;
import org.ikd.core.ike.OutboundDatagram;
import org.ikd.core.ike.Step;
import org.ikd.core.isakmp.doi.Doi;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.ProtocolId;
import org.ikd.core.isakmp.payload.NotificationPayload;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 "a wrong PSK gives the attacker nothing beyond the RFC's NOTIFY". A (the attacker, with
 * a guessed PSK) runs Main Mode with B; after message 5 fails, B sends exactly one unprotected
 * Informational holding one Notification AUTHENTICATION-FAILED (RFC 2408 §3.14, §5.4: "the
 * Notification payload MAY be sent") whose SPI is the cookie pair A already knows and whose data
 * is empty: no reason text, no hash, nothing keyed. And B answers a wrong key exactly as it
 * answers a message 5 that is noise, so the answer does not tell "decrypts, hash differs" from
 * "does not decrypt".
 */
class WrongPreSharedKeyDisclosureTest {
    private static final String B_KEY = "ikd test key";          // Peers.Side.transport's PSK, B's real one

    /** Runs MM1..MM4, lets {@code mm5} rewrite A's message 5, delivers it; returns what B sent in answer. */
    private static List<OutboundDatagram> answerToMessage5(String attackerKey, java.util.function.UnaryOperator<Bytes> mm5,
                                                            EnginePair[] out) {
        Peers.Side b = Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1));
        Peers.Side a = b.withPsk(attackerKey);
        EnginePair pair = Peers.pair(a, b, Peers.config());
        out[0] = pair;
        pair.acquire(pair.a, new AcquireRequest("r1", a.flow(Peers.A, Peers.B), Peers.A, Peers.B));
        for (int i = 0; i < 4; i++) pair.deliverNext();                     // MM1..MM4
        assertEquals(1, pair.network.size(), "A's message 5");
        OutboundDatagram m5 = pair.network.remove(0);
        Step step = pair.deliver(new OutboundDatagram(m5.local(), m5.remote(), m5.framing(), mm5.apply(m5.message())));
        return step.send();
    }

    private static NotificationPayload theOnlyNotify(OutboundDatagram d, EnginePair pair) {
        assertEquals(Peers.A, d.remote().getAddress());
        IsakmpMessage m = IsakmpMessage.decode(ByteBuffer.wrap(d.message().toArray()));
        assertFalse(m.header().isEncrypted(), "B has no key A shares: the notify is in the clear");
        assertEquals(ExchangeType.INFORMATIONAL, m.header().exchangeType());
        assertEquals(1, m.payloads().size(), "one payload, nothing else: " + m.payloadTypes());
        NotificationPayload n = (NotificationPayload) m.payloads().get(0);
        Bytes cookies = Bytes.concat(m.header().initiatorCookie(), m.header().responderCookie());
        assertEquals(cookies, n.spi(), "SPI: the cookies (RFC 2408 §3.14)");
        assertEquals(Doi.IPSEC, n.doi());
        assertEquals(ProtocolId.ISAKMP, n.protocolId());
        assertEquals(0, n.data().length(), "no notification data");
        // RFC 2408 §3.1, §3.14: 28-byte header + 12-byte Notification header + 16-byte SPI
        assertEquals(28 + 12 + 16, d.message().length());
        return n;
    }

    @Test
    void aWrongPreSharedKeyIsAnsweredWithOneBareAuthenticationFailedNotify() {
        EnginePair[] pair = new EnginePair[1];
        List<OutboundDatagram> sent = answerToMessage5("attacker's guess", m -> m, pair);
        assertEquals(1, sent.size(), "B sends one datagram: " + sent);
        NotificationPayload n = theOnlyNotify(sent.get(0), pair[0]);
        assertEquals(NotifyType.AUTHENTICATION_FAILED, n.notifyType());
        String wire = new String(sent.get(0).message().toArray(), StandardCharsets.ISO_8859_1);
        for (String leak : List.of(B_KEY, "pre-shared", "HASH", "mismatch", "decrypt", "198.18"))
            assertFalse(wire.contains(leak), "the wire carries '" + leak + "'");
        assertFalse(HexFormat.of().formatHex(sent.get(0).message().toArray()).contains(HexFormat.of().formatHex(B_KEY.getBytes())));
        assertTrue(pair[0].b.engine.isakmpSas().isEmpty(), "B kept no state for the attacker");
    }

    @Test
    void afterTheNotifyBSendsNothingMoreHoweverLongTheAttackerWaits() {
        EnginePair[] pair = new EnginePair[1];
        answerToMessage5("attacker's guess", m -> m, pair);
        EnginePair p = pair[0];
        p.network.clear();
        p.advance(Duration.ofMinutes(5));                                   // retransmission and negotiation timers
        assertTrue(p.network.stream().noneMatch(d -> d.remote().getAddress().equals(Peers.A)),
                "B sent more: " + p.network);
        assertTrue(p.b.timers.isEmpty(), "B left a timer behind: " + p.b.timers);
    }

    @Test
    void aWrongKeyAndAMessage5OfNoiseGetTheSameAnswer() {
        EnginePair[] wrong = new EnginePair[1];
        EnginePair[] noise = new EnginePair[1];
        OutboundDatagram toWrongKey = answerToMessage5("attacker's guess", m -> m, wrong).get(0);
        OutboundDatagram toNoise = answerToMessage5(B_KEY, m -> {                // the right key, but the body is noise
            byte[] b = m.toArray();
            for (int i = 28; i < b.length; i++) b[i] = (byte) (i * 37);
            return Bytes.of(b);
        }, noise).get(0);
        NotificationPayload n1 = theOnlyNotify(toWrongKey, wrong[0]);
        NotificationPayload n2 = theOnlyNotify(toNoise, noise[0]);
        assertEquals(n1.notifyType(), n2.notifyType());
        byte[] a = toWrongKey.message().toArray();
        byte[] b = toNoise.message().toArray();
        // identical but for the cookies (bytes 0..15, and the SPI at 40..55) and the random message ID (20..23)
        for (byte[] x : new byte[][] {a, b}) {
            java.util.Arrays.fill(x, 0, 16, (byte) 0);
            java.util.Arrays.fill(x, 20, 24, (byte) 0);
            java.util.Arrays.fill(x, 40, 56, (byte) 0);
        }
        assertArrayEquals(a, b);
    }
}
