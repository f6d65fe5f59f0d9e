package org.ikd.core.isakmp;

import static org.ikd.core.isakmp.Rejections.assertRejected;
import static org.ikd.core.isakmp.TestVectors.buffer;
import static org.ikd.core.isakmp.TestVectors.hex;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.PayloadType;
import org.junit.jupiter.api.Test;

/** RFC 2408 §3.1 header, §5.1 header checks. */
class IsakmpHeaderTest {
    /** strongSwan 5.9.8 Quick Mode 1 header (capture mm-3des-sha1-modp1024): next HASH, E flag, message ID 2cda4dc2, 172 bytes. */
    private static final String STRONGSWAN_QM1 = "8dcd4e84fd0bc30c df0a38103e8a52d4 08 10 20 01 2cda4dc2 000000ac";

    private static IsakmpHeader decode(String hex) {
        return IsakmpHeader.decode(buffer(hex(hex)));
    }

    @Test
    void decodesStrongSwanQuickModeHeader() {
        IsakmpHeader h = decode(STRONGSWAN_QM1);
        assertEquals(hex("8dcd4e84fd0bc30c"), h.initiatorCookie());
        assertEquals(hex("df0a38103e8a52d4"), h.responderCookie());
        assertEquals(PayloadType.HASH, h.nextPayload());
        assertEquals(ExchangeType.QUICK_MODE, h.exchangeType());
        assertTrue(h.isEncrypted());
        assertFalse(h.isCommit());
        assertEquals(0x2cda4dc2, h.messageId());
        assertEquals("0x2cda4dc2", h.messageIdHex());
        assertEquals(172, h.length());
        ByteBuffer out = ByteBuffer.allocate(IsakmpHeader.LENGTH);
        h.encodeTo(out);
        assertEquals(hex(STRONGSWAN_QM1), Bytes.of(out.array()));
    }

    @Test
    void keepsAnUnknownExchangeTypeAndAMessageIdWithTheTopBitSet() {
        IsakmpHeader h = decode("0011223344556677 0000000000000000 00 10 07 00 80000001 0000001c");
        assertEquals("unknown 7", h.exchangeType().toString());
        assertEquals("0x80000001", h.messageIdHex());
    }

    @Test
    void rejectsAnIkev2Header() {
        // RFC 2408 §5.1: INVALID-MAJOR-VERSION; version 2.0 is IKEv2 (RFC 7296 §3.1)
        assertRejected(NotifyType.INVALID_MAJOR_VERSION, "major version 2",
                () -> decode("0011223344556677 0000000000000000 21 20 22 08 00000000 0000001c"));
    }

    @Test
    void rejectsALargerMinorVersion() {
        assertRejected(NotifyType.INVALID_MINOR_VERSION, "minor version 1",
                () -> decode("0011223344556677 0000000000000000 00 11 02 00 00000000 0000001c"));
    }

    @Test
    void rejectsReservedFlags() {
        assertRejected(NotifyType.INVALID_FLAGS, "0x9",
                () -> decode("0011223344556677 0000000000000000 00 10 02 09 00000000 0000001c"));
    }

    @Test
    void acceptsTheCommitAndAuthenticationOnlyFlags() {
        IsakmpHeader h = decode("0011223344556677 0000000000000000 00 10 20 07 00000001 0000001c");
        assertTrue(h.isCommit());
        assertTrue(h.isAuthenticationOnly());
    }

    @Test
    void rejectsAShortHeader() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "found 27 bytes",
                () -> decode("0011223344556677 0000000000000000 00 10 02 00 00000000 000000"));
    }

    @Test
    void rejectsALengthBelowTheHeader() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "length 27",
                () -> decode("0011223344556677 0000000000000000 00 10 02 00 00000000 0000001b"));
    }

    @Test
    void rejectsALengthAboveTheMaximumMessage() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "length 65536",
                () -> decode("0011223344556677 0000000000000000 00 10 02 00 00000000 00010000"));
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "length 4294967295",
                () -> decode("0011223344556677 0000000000000000 00 10 02 00 00000000 ffffffff"));
    }
}
