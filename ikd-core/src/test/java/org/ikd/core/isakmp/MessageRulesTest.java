package org.ikd.core.isakmp;

import static org.ikd.core.isakmp.ExchangeStep.*;
import static org.ikd.core.isakmp.Rejections.assertRejected;
import static org.ikd.core.isakmp.TestVectors.buffer;
import static org.ikd.core.isakmp.TestVectors.hex;
import static org.ikd.core.isakmp.TestVectors.hexResource;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.CertEncoding;
import org.ikd.core.isakmp.doi.Doi;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.ikd.core.isakmp.doi.IdType;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.isakmp.doi.ProtocolId;
import org.ikd.core.isakmp.doi.TransformId;
import org.ikd.core.isakmp.payload.CertificatePayload;
import org.ikd.core.isakmp.payload.CertificateRequestPayload;
import org.ikd.core.isakmp.payload.DeletePayload;
import org.ikd.core.isakmp.payload.HashPayload;
import org.ikd.core.isakmp.payload.IdentificationPayload;
import org.ikd.core.isakmp.payload.KeyExchangePayload;
import org.ikd.core.isakmp.payload.NatDiscoveryPayload;
import org.ikd.core.isakmp.payload.NoncePayload;
import org.ikd.core.isakmp.payload.NotificationPayload;
import org.ikd.core.isakmp.payload.Payload;
import org.ikd.core.isakmp.payload.ProposalPayload;
import org.ikd.core.isakmp.payload.SecurityAssociationPayload;
import org.ikd.core.isakmp.payload.SignaturePayload;
import org.ikd.core.isakmp.payload.TransformPayload;
import org.ikd.core.isakmp.payload.UnknownPayload;
import org.ikd.core.isakmp.payload.VendorIdPayload;
import org.junit.jupiter.api.Test;

/** Which payloads each message of RFC 2409 §5 may carry. */
class MessageRulesTest {
    private static final int E = IsakmpHeader.ENCRYPTION;
    private static final Payload SA = SecurityAssociationPayload.of(List.of(new ProposalPayload(1, ProtocolId.ISAKMP,
            Bytes.EMPTY, List.of(new TransformPayload(1, TransformId.KEY_IKE, List.of())))));
    private static final Payload KE = new KeyExchangePayload(hex("0102"));
    private static final Payload NONCE = new NoncePayload(hex("0102030405060708"));
    private static final Payload NAT_D = new NatDiscoveryPayload(PayloadType.NAT_D, hex("0102"));
    private static final Payload VID = new VendorIdPayload(hex("0102"));
    private static final Payload ID = IdentificationPayload.of(IdType.IPV4_ADDR, hex("c6120001"));
    private static final Payload HASH = new HashPayload(hex("0102"));
    private static final Payload SIG = new SignaturePayload(hex("0102"));
    private static final Payload CERT = new CertificatePayload(CertEncoding.X509_SIGNATURE, hex("30"));
    private static final Payload CR = new CertificateRequestPayload(CertEncoding.X509_SIGNATURE, Bytes.EMPTY);
    private static final Payload N = new NotificationPayload(Doi.IPSEC, ProtocolId.ISAKMP, NotifyType.INITIAL_CONTACT,
            Bytes.EMPTY, Bytes.EMPTY);
    private static final Payload D = new DeletePayload(Doi.IPSEC, ProtocolId.ESP, 4, List.of(hex("01020304")));
    private static final Payload UNKNOWN = new UnknownPayload(PayloadType.valueOf(15), hex("00"));

    private static IsakmpMessage message(ExchangeType exchange, int flags, int messageId, Payload... payloads) {
        IsakmpHeader h = IsakmpHeader.of(hex("0011223344556677"), hex("8899aabbccddeeff"), exchange, flags, messageId);
        return new IsakmpMessage(h, List.of(payloads));
    }

    private static IsakmpMessage mainMode(int flags, Payload... payloads) {
        return message(ExchangeType.MAIN_MODE, flags, 0, payloads);
    }

    private static IsakmpMessage quickMode(Payload... payloads) {
        return message(ExchangeType.QUICK_MODE, E, 0x2cda4dc2, payloads);
    }

    @Test
    void acceptsEachMessageOfTheRfcFlows() {
        MessageRules.check(MAIN_MODE_1, mainMode(0, SA, VID, VID));
        MessageRules.check(MAIN_MODE_2, mainMode(0, SA));
        MessageRules.check(MAIN_MODE_3, mainMode(0, KE, NONCE, NAT_D, NAT_D));
        MessageRules.check(MAIN_MODE_4, mainMode(0, KE, NONCE, CR, NAT_D, NAT_D));
        MessageRules.check(MAIN_MODE_5_PSK, mainMode(E, ID, HASH, N));
        MessageRules.check(MAIN_MODE_6_PSK, mainMode(E, ID, HASH));
        MessageRules.check(MAIN_MODE_6_SIGNATURE, mainMode(E, ID, CERT, SIG));
        MessageRules.check(QUICK_MODE_1, quickMode(HASH, SA, NONCE, KE, ID, ID));
        MessageRules.check(QUICK_MODE_2, quickMode(HASH, SA, NONCE, ID, ID, N));
        MessageRules.check(QUICK_MODE_3, quickMode(HASH));
        MessageRules.check(INFORMATIONAL, message(ExchangeType.INFORMATIONAL, E, 7, HASH, D));
        MessageRules.check(INFORMATIONAL_UNPROTECTED, message(ExchangeType.INFORMATIONAL, 0, 0, N));
    }

    @Test
    void acceptsEachMessageOfAggressiveModeWithPreSharedKeys() {
        // RFC 2409 §5.4; NAT-D in messages 2 and 3 per RFC 3947 §4; message 3 encrypted or in the clear
        MessageRules.check(AGGRESSIVE_1, message(ExchangeType.AGGRESSIVE, 0, 0, SA, KE, NONCE, ID, VID, VID));
        MessageRules.check(AGGRESSIVE_2_PSK, message(ExchangeType.AGGRESSIVE, 0, 0, SA, KE, NONCE, ID, VID, NAT_D, NAT_D, HASH));
        MessageRules.check(AGGRESSIVE_3_PSK, message(ExchangeType.AGGRESSIVE, E, 0, HASH, NAT_D, NAT_D, N));
        MessageRules.check(AGGRESSIVE_3_PSK_CLEAR, message(ExchangeType.AGGRESSIVE, 0, 0, HASH));
    }

    @Test
    void rejectsAggressiveModeWithoutIdentity() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "found 0 ID, expected exactly 1",
                () -> MessageRules.check(AGGRESSIVE_1, message(ExchangeType.AGGRESSIVE, 0, 0, SA, KE, NONCE)));
    }

    @Test
    void rejectsAggressiveModeAnswerWithoutHashR() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "found 0 HASH",
                () -> MessageRules.check(AGGRESSIVE_2_PSK, message(ExchangeType.AGGRESSIVE, 0, 0, SA, KE, NONCE, ID)));
    }

    @Test
    void rejectsAggressiveModeWithANonZeroMessageId() {
        // RFC 2408 §3.1: during Phase 1 the message ID MUST be 0, the encrypted message 3 included
        assertRejected(NotifyType.INVALID_MESSAGE_ID, "0x00000001",
                () -> MessageRules.check(AGGRESSIVE_3_PSK, message(ExchangeType.AGGRESSIVE, E, 1, HASH)));
    }

    @Test
    void acceptsTheHandBuiltSignatureQuickModeAndDpdMessages() {
        IsakmpHeader mm = IsakmpHeader.of(hex("0011223344556677"), hex("8899aabbccddeeff"), ExchangeType.MAIN_MODE, E, 0);
        MessageRules.check(MAIN_MODE_5_SIGNATURE, new IsakmpMessage(mm, IsakmpMessage.decodePayloads(PayloadType.ID,
                buffer(hexResource("main-mode-5-signature-plain.hex")))));
        MessageRules.check(QUICK_MODE_1, quickMode(IsakmpMessage.decodePayloads(PayloadType.HASH,
                buffer(hexResource("quick-mode-1-plain.hex"))).toArray(Payload[]::new)));
        MessageRules.check(INFORMATIONAL, message(ExchangeType.INFORMATIONAL, E, 9, IsakmpMessage.decodePayloads(
                PayloadType.HASH, buffer(hexResource("informational-dpd-plain.hex"))).toArray(Payload[]::new)));
        MessageRules.check(MAIN_MODE_1, IsakmpMessage.decode(buffer(hexResource("main-mode-1-psk.hex"))));
    }

    @Test
    void rejectsAMissingNonce() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "found 0 NONCE, expected exactly 1",
                () -> MessageRules.check(MAIN_MODE_3, mainMode(0, KE, NAT_D, NAT_D)));
    }

    @Test
    void rejectsTwoSecurityAssociations() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "found 2 SA",
                () -> MessageRules.check(MAIN_MODE_1, mainMode(0, SA, SA)));
    }

    @Test
    void rejectsACertificateInAPreSharedKeyMessage() {
        assertRejected(NotifyType.INVALID_PAYLOAD_TYPE, "found CERT",
                () -> MessageRules.check(MAIN_MODE_5_PSK, mainMode(E, ID, CERT, HASH)));
    }

    @Test
    void rejectsASignatureMessageWithoutSignature() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "found 0 SIG",
                () -> MessageRules.check(MAIN_MODE_5_SIGNATURE, mainMode(E, ID, CERT)));
    }

    @Test
    void rejectsQuickModeWhoseHashIsNotFirst() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "found SA first, expected HASH",
                () -> MessageRules.check(QUICK_MODE_1, quickMode(SA, HASH, NONCE)));
    }

    @Test
    void rejectsQuickModeWithASingleClientId() {
        // RFC 2409 §5.5: IDci and IDcr come together
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "found 1 ID, expected 0 or 2",
                () -> MessageRules.check(QUICK_MODE_2, quickMode(HASH, SA, NONCE, ID)));
    }

    @Test
    void rejectsAnInformationalWithOnlyAHash() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "found 0 N or D, expected at least 1",
                () -> MessageRules.check(INFORMATIONAL, message(ExchangeType.INFORMATIONAL, E, 7, HASH)));
    }

    @Test
    void rejectsTheWrongExchangeType() {
        assertRejected(NotifyType.INVALID_EXCHANGE_TYPE, "found exchange AGGRESSIVE, expected MAIN_MODE",
                () -> MessageRules.check(MAIN_MODE_1, message(ExchangeType.AGGRESSIVE, 0, 0, SA)));
    }

    @Test
    void rejectsAQuickModeMessageInTheClear() {
        assertRejected(NotifyType.INVALID_FLAGS, "found the E flag clear",
                () -> MessageRules.check(QUICK_MODE_3, message(ExchangeType.QUICK_MODE, 0, 5, HASH)));
    }

    @Test
    void rejectsAnEncryptedMainMode1() {
        assertRejected(NotifyType.INVALID_FLAGS, "found the E flag set",
                () -> MessageRules.check(MAIN_MODE_1, mainMode(E, SA)));
    }

    @Test
    void rejectsMainModeWithANonZeroMessageId() {
        // RFC 2408 §3.1: during Phase 1 the message ID MUST be 0
        assertRejected(NotifyType.INVALID_MESSAGE_ID, "0x00000001",
                () -> MessageRules.check(MAIN_MODE_1, message(ExchangeType.MAIN_MODE, 0, 1, SA)));
    }

    @Test
    void rejectsQuickModeWithMessageIdZero() {
        assertRejected(NotifyType.INVALID_MESSAGE_ID, "found message ID 0",
                () -> MessageRules.check(QUICK_MODE_3, message(ExchangeType.QUICK_MODE, E, 0, HASH)));
    }

    @Test
    void skipsUnknownPayloads() {
        assertDoesNotThrow(() -> MessageRules.check(MAIN_MODE_2, mainMode(0, SA, UNKNOWN, VID)));
    }

    @Test
    void stillRequiresHashFirstWhenAnUnknownPayloadLeads() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "expected HASH right after the header",
                () -> MessageRules.check(QUICK_MODE_3, quickMode(UNKNOWN, HASH)));
    }
}
