package org.ikd.core.isakmp.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.error.MalformedMessageException;
import org.junit.jupiter.api.Test;

/** draft-dukes-ike-mode-cfg-02 §3.2 Attribute payload body: Type (1), RESERVED (1), Identifier (2), attributes. */
class AttributePayloadTest {
    /**
     * CFG_REQUEST id 0x1234 with XAUTH-TYPE (TV, 0x4088 | AF = 0xc088) = 0, XAUTH-USER-NAME (TLV 0x4089) and
     * XAUTH-USER-PASSWORD (TLV 0x408a) both empty: the gateway's request of draft-beaulieu-ike-xauth-02 §4.1,
     * laid out by hand from the drafts.
     */
    private static final String XAUTH_REQUEST = "01001234" + "c0880000" + "40890000" + "408a0000";

    @Test
    void roundTripsTheXauthRequest() {
        AttributePayload p = AttributePayload.decode(ByteBuffer.wrap(Bytes.fromHex(XAUTH_REQUEST).toArray()));
        assertEquals(AttributePayload.REQUEST, p.cfgType());
        assertEquals(0x1234, p.identifier());
        assertEquals(List.of(16520, 16521, 16522), p.attributes().stream().map(DataAttribute::type).toList());
        assertEquals(XAUTH_REQUEST, p.encodeBody().toHex());
    }

    /** The hand-built CFG_REPLY of isakmp/transaction-cfg-reply-plain.hex (also a fuzz seed): HASH, then ATTR. */
    @Test
    void decodesAModeConfigReplyAfterItsHash() {
        Bytes plain = org.ikd.core.isakmp.TestVectors.hexResource("transaction-cfg-reply-plain.hex");
        var payloads = org.ikd.core.isakmp.IsakmpMessage.decodePayloads(org.ikd.core.isakmp.doi.PayloadType.HASH,
                ByteBuffer.wrap(plain.toArray()));
        AttributePayload reply = (AttributePayload) payloads.get(1);
        assertEquals(AttributePayload.REPLY, reply.cfgType());
        assertEquals(Bytes.fromHex("c612c801"), reply.attribute(1).orElseThrow().value());          // 198.18.200.1
        assertEquals(14, reply.attribute(28676).orElseThrow().value().length());
    }

    @Test
    void rejectsAnUnknownConfigurationType() {
        assertThrows(MalformedMessageException.class, () -> AttributePayload.decode(ByteBuffer.wrap(Bytes.fromHex("05000001").toArray())));
    }

    @Test
    void rejectsNonZeroReserved() {
        assertThrows(MalformedMessageException.class, () -> AttributePayload.decode(ByteBuffer.wrap(Bytes.fromHex("01010001").toArray())));
    }

    @Test
    void rejectsAnAttributeLongerThanThePayload() {
        assertThrows(MalformedMessageException.class, () -> AttributePayload.decode(ByteBuffer.wrap(Bytes.fromHex("0200000100010008c612").toArray())));
    }

    @Test
    void rejectsATruncatedHeader() {
        assertThrows(MalformedMessageException.class, () -> AttributePayload.decode(ByteBuffer.wrap(Bytes.fromHex("0100").toArray())));
    }

    /** Our identifier, or 0 as strongSwan 5.9.8's XAUTH client sends; another identifier or type is no answer. */
    @Test
    void answersOurIdentifierOrZero() {
        assertTrue(new AttributePayload(AttributePayload.REPLY, 39769, List.of()).answers(AttributePayload.REPLY, 39769));
        assertTrue(new AttributePayload(AttributePayload.REPLY, 0, List.of()).answers(AttributePayload.REPLY, 39769));
        assertFalse(new AttributePayload(AttributePayload.REPLY, 39768, List.of()).answers(AttributePayload.REPLY, 39769));
        assertFalse(new AttributePayload(AttributePayload.ACK, 39769, List.of()).answers(AttributePayload.REPLY, 39769));
    }
}
