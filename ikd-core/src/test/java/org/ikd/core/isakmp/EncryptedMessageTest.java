package org.ikd.core.isakmp;

import static org.ikd.core.isakmp.Rejections.assertRejected;
import static org.ikd.core.isakmp.TestVectors.buffer;
import static org.ikd.core.isakmp.TestVectors.hex;
import static org.ikd.core.isakmp.TestVectors.hexResource;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.CertEncoding;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.ikd.core.isakmp.doi.IdType;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.isakmp.payload.CertificatePayload;
import org.ikd.core.isakmp.payload.IdentificationPayload;
import org.ikd.core.isakmp.payload.NotificationPayload;
import org.junit.jupiter.api.Test;

/**
 * Messages with the E flag (RFC 2408 §3.1): header plus ciphertext, and the decrypted payloads
 * with their padding. strongSwan values are from vectors/strongswan/mm-3des-sha1-modp1024.vec.
 */
class EncryptedMessageTest {
    private static final Bytes MM5 = hex("8dcd4e84fd0bc30cdf0a38103e8a52d4051002010000000000000064a931afa0919b1961fbe07a2ea3306f"
            + "3257989873a3c678a8435cca231f00dcdb7c58d06636a2bac8d6dd9686cc4b1249eb185c7db9594b425338d494913e2cb8b5c54b18"
            + "f08c6d8f");
    /** mm5_plain: ID, HASH_I, N(INITIAL-CONTACT), then 8 zero bytes of padding (mm5_pad_len = 8, no pad-length byte). */
    private static final Bytes MM5_PLAIN = hex("0800000c01000000c61200010b000018de706885c58cbe4a220046640f6c84a9670e353a00"
            + "00001c00000001011060028dcd4e84fd0bc30cdf0a38103e8a52d40000000000000000");

    @Test
    void decodesStrongSwanMainMode5HeaderAndKeepsTheCiphertext() {
        EncryptedMessage e = EncryptedMessage.decode(buffer(MM5));
        assertEquals(PayloadType.ID, e.header().nextPayload());
        assertEquals(ExchangeType.MAIN_MODE, e.header().exchangeType());
        assertTrue(e.header().isEncrypted());
        assertEquals(100, e.header().length());
        assertEquals(MM5.slice(28, 100), e.body());
        assertEquals(MM5, e.encode());
    }

    @Test
    void decodesStrongSwanZeroPaddedPlaintext() {
        IsakmpMessage m = EncryptedMessage.decode(buffer(MM5)).withPlaintext(buffer(MM5_PLAIN));
        assertEquals(List.of(PayloadType.ID, PayloadType.HASH, PayloadType.N), m.payloadTypes());
        assertEquals(NotifyType.INITIAL_CONTACT, m.first(NotificationPayload.class).orElseThrow().notifyType());
        assertEquals(MM5_PLAIN.slice(0, MM5_PLAIN.length() - 8), m.encodePayloads());
        MessageRules.check(ExchangeStep.MAIN_MODE_5_PSK, m);
    }

    @Test
    void buildsStrongSwanMainMode5FromItsPlaintextAndCiphertext() {
        IsakmpHeader header = IsakmpHeader.of(hex("8dcd4e84fd0bc30c"), hex("df0a38103e8a52d4"), ExchangeType.MAIN_MODE,
                IsakmpHeader.ENCRYPTION, 0);
        IsakmpMessage plain = new IsakmpMessage(header, IsakmpMessage.decodePayloads(PayloadType.ID, buffer(MM5_PLAIN)));
        assertEquals(MM5, EncryptedMessage.of(plain, MM5.slice(28, MM5.length())).encode());
    }

    @Test
    void toleratesPaddingWithAPadLengthByte() {
        Bytes plain = hexResource("quick-mode-1-plain.hex");          // 7 bytes of padding + pad length 7
        var payloads = IsakmpMessage.decodePayloads(PayloadType.HASH, buffer(plain));
        assertEquals(List.of(PayloadType.HASH, PayloadType.SA, PayloadType.NONCE, PayloadType.KE, PayloadType.ID,
                PayloadType.ID, PayloadType.NAT_OA, PayloadType.NAT_OA, PayloadType.N),
                payloads.stream().map(p -> p.type()).toList());
    }

    @Test
    void neverParsesPaddingAsPayloads() {
        Bytes plain = hexResource("main-mode-5-signature-plain.hex");
        // padding that looks like a VID payload after the chain has ended
        Bytes tricky = plain.slice(0, plain.length() - 8).concat(hex("0d00000801020304"));
        var payloads = IsakmpMessage.decodePayloads(PayloadType.ID, buffer(tricky));
        assertEquals(5, payloads.size());
        assertEquals(CertEncoding.X509_SIGNATURE, ((CertificatePayload) payloads.get(1)).encoding());
        assertEquals(IdType.DER_ASN1_DN, ((IdentificationPayload) payloads.get(0)).idType());
    }

    @Test
    void rejectsPaddingLongerThanABlockAnd255Bytes() {
        Bytes plain = MM5_PLAIN.slice(0, MM5_PLAIN.length() - 8);
        IsakmpMessage.decodePayloads(PayloadType.ID, buffer(plain.concat(Bytes.of(new byte[IsakmpMessage.MAX_PADDING]))));
        assertRejected(NotifyType.UNEQUAL_PAYLOAD_LENGTHS, "at most 271", () -> IsakmpMessage.decodePayloads(PayloadType.ID,
                buffer(plain.concat(Bytes.of(new byte[IsakmpMessage.MAX_PADDING + 1])))));
    }

    @Test
    void rejectsPlaintextWhoseChainRunsIntoThePadding() {
        // the chain says another payload follows N, but only zero padding is left
        Bytes plain = hex("0800000c01000000c6120001" + "0b000018de706885c58cbe4a220046640f6c84a9670e353a"
                + "0d00001c00000001011060028dcd4e84fd0bc30cdf0a38103e8a52d4" + "0000000000000000");
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "VID payload (#4) length 0",
                () -> IsakmpMessage.decodePayloads(PayloadType.ID, buffer(plain)));
    }

    @Test
    void rejectsACleartextMessage() {
        assertRejected(NotifyType.INVALID_FLAGS, "no E flag",
                () -> EncryptedMessage.decode(buffer(hexResource("main-mode-1-psk.hex"))));
    }

    @Test
    void rejectsAnEmptyBody() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "empty encrypted body",
                () -> EncryptedMessage.decode(buffer(IsakmpMessageTest.withHeaderLength(MM5.slice(0, 28), 28))));
    }

    @Test
    void rejectsAHeaderLengthThatDisagreesWithTheDatagram() {
        assertRejected(NotifyType.UNEQUAL_PAYLOAD_LENGTHS,
                () -> EncryptedMessage.decode(buffer(MM5.slice(0, MM5.length() - 1))));
    }
}
