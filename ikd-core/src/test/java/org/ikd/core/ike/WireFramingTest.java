package org.ikd.core.ike;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.error.IsakmpException;
import org.junit.jupiter.api.Test;

/** Datagram framing, header peeking and the retransmission schedule. */
class WireFramingTest {
    static final InetSocketAddress LOCAL = new InetSocketAddress("198.18.0.1", 4500);
    static final InetSocketAddress REMOTE = new InetSocketAddress("198.18.0.2", 4500);

    @Test
    void prefixesIkeOnPort4500WithTheFourZeroOctetNonEspMarker() {
        OutboundDatagram d = OutboundDatagram.isakmp(LOCAL, REMOTE, true, Bytes.fromHex("0102"));
        assertEquals(Bytes.fromHex("00000000 0102"), d.wireBytes());        // RFC 3948 §2.2
    }

    @Test
    void sendsIkeOnPort500AsIs() {
        assertEquals(Bytes.fromHex("0102"), OutboundDatagram.isakmp(LOCAL, REMOTE, false, Bytes.fromHex("0102")).wireBytes());
    }

    @Test
    void aNatKeepaliveIsTheSingleOctetFf() {
        OutboundDatagram d = OutboundDatagram.natKeepalive(LOCAL, REMOTE);
        assertEquals(Bytes.fromHex("ff"), d.wireBytes());                   // RFC 3948 §2.3
        assertTrue(d.natTraversalPort());
    }

    // A Main Mode message 1 header laid out by hand from RFC 2408 §3.1: CKY-I 4c5ab4b8f1e0d2a9, CKY-R 0,
    // next payload SA (1), version 1.0 (0x10), exchange Identity Protection (2), flags 0, message ID 0, length 28
    static final Bytes MM1_HEADER = Bytes.fromHex("4c5ab4b8f1e0d2a9 0000000000000000 01 10 02 00 00000000 0000001c");

    @Test
    void peeksCookiesExchangeTypeAndMessageId() {
        InboundMessage m = InboundMessage.peek(new InboundDatagram(LOCAL, REMOTE, false, MM1_HEADER));
        assertEquals(0x4c5ab4b8f1e0d2a9L, m.cookies().initiator());
        assertEquals(0, m.cookies().responder());
        assertEquals(2, m.exchangeType());
        assertEquals(0, m.messageId());
        InboundMessage qm = InboundMessage.peek(new InboundDatagram(LOCAL, REMOTE, false,
                Bytes.fromHex("4c5ab4b8f1e0d2a9 1122334455667788 08 10 20 01 deadbeef 0000001c")));
        assertEquals(0xdeadbeef, qm.messageId());
        assertEquals(32, qm.exchangeType());
        assertTrue(qm.encrypted());
    }

    @Test
    void rejectsDatagramsShorterThanTheHeader() {
        IsakmpException e = assertThrows(IsakmpException.class,
                () -> InboundMessage.peek(new InboundDatagram(LOCAL, REMOTE, false, MM1_HEADER.slice(0, 27))));
        assertEquals(NotifyType.PAYLOAD_MALFORMED, e.notifyType());
        assertTrue(e.getMessage().contains("found 27 bytes"), e.getMessage());
    }

    @Test
    void rejectsIkev2AsAnInvalidMajorVersion() {
        Bytes v2 = Bytes.fromHex("4c5ab4b8f1e0d2a9 0000000000000000 21 20 22 08 00000000 0000001c");
        IsakmpException e = assertThrows(IsakmpException.class, () -> InboundMessage.peek(new InboundDatagram(LOCAL, REMOTE, false, v2)));
        assertEquals(NotifyType.INVALID_MAJOR_VERSION, e.notifyType());       // RFC 2408 §5.2 step 3
    }

    @Test
    void rejectsAZeroInitiatorCookieAsAnInvalidCookie() {
        Bytes zero = Bytes.fromHex("0000000000000000 0000000000000000 01 10 02 00 00000000 0000001c");
        IsakmpException e = assertThrows(IsakmpException.class, () -> InboundMessage.peek(new InboundDatagram(LOCAL, REMOTE, false, zero)));
        assertEquals(NotifyType.INVALID_COOKIE, e.notifyType());              // RFC 2408 §5.2 step 2
    }

    @Test
    void retransmissionDelaysDoubleUpToTheMaximum() {
        RetransmitPolicy p = new RetransmitPolicy(Duration.ofMillis(500), Duration.ofSeconds(3), 6);
        assertEquals(Duration.ofMillis(500), p.delayAfter(1));
        assertEquals(Duration.ofSeconds(1), p.delayAfter(2));
        assertEquals(Duration.ofSeconds(2), p.delayAfter(3));
        assertEquals(Duration.ofSeconds(3), p.delayAfter(4));
        assertEquals(Duration.ofSeconds(3), p.delayAfter(6));
        assertEquals(Duration.ofMillis(500 + 1000 + 2000 + 3000 + 3000 + 3000), p.window());
    }
}
