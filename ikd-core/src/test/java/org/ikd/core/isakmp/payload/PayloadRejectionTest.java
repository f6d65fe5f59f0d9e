package org.ikd.core.isakmp.payload;

import static org.ikd.core.isakmp.Rejections.assertRejected;
import static org.ikd.core.isakmp.TestVectors.buffer;
import static org.ikd.core.isakmp.TestVectors.hex;

import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.PayloadType;
import org.junit.jupiter.api.Test;

/** One test per rule a payload body must keep (RFC 2408 §3, RFC 2407 §4.6, RFC 2409 §5, RFC 3947 §5.2). */
class PayloadRejectionTest {

    private static void decode(PayloadType type, String bodyHex) {
        PayloadCodec.decodeBody(type, buffer(hex(bodyHex)));
    }

    private static String bytes(int n) {
        return "ab".repeat(n);
    }

    @Test
    void rejectsNonceShorterThanEightBytes() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "found 7 bytes", () -> decode(PayloadType.NONCE, bytes(7)));
    }

    @Test
    void rejectsNonceLongerThan256Bytes() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "257", () -> decode(PayloadType.NONCE, bytes(257)));
    }

    @Test
    void acceptsNoncesOfEightAnd256Bytes() {
        decode(PayloadType.NONCE, bytes(8));
        decode(PayloadType.NONCE, bytes(256));
    }

    @Test
    void rejectsEmptyKeyExchangeData() {
        assertRejected(NotifyType.INVALID_KEY_INFORMATION, () -> decode(PayloadType.KE, ""));
    }

    @Test
    void rejectsEmptyHash() {
        assertRejected(NotifyType.INVALID_HASH_INFORMATION, () -> decode(PayloadType.HASH, ""));
    }

    @Test
    void rejectsEmptySignature() {
        assertRejected(NotifyType.INVALID_SIGNATURE, () -> decode(PayloadType.SIG, ""));
    }

    @Test
    void rejectsEmptyVendorId() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, () -> decode(PayloadType.VID, ""));
    }

    @Test
    void rejectsEmptyGssToken() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, () -> decode(PayloadType.GSS, ""));
    }

    @Test
    void rejectsEmptyNatDiscoveryHash() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, () -> decode(PayloadType.NAT_D, ""));
    }

    @Test
    void rejectsCertificateWithoutData() {
        assertRejected(NotifyType.INVALID_CERTIFICATE, () -> decode(PayloadType.CERT, "04"));
    }

    @Test
    void rejectsCertificateWithoutEncoding() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "certificate encoding", () -> decode(PayloadType.CERT, ""));
    }

    @Test
    void rejectsIdentificationShorterThanItsFixedFields() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "port", () -> decode(PayloadType.ID, "01 00 00"));
    }

    @Test
    void rejectsIpv4AddressIdOfWrongLength() {
        // RFC 2407 §4.6.2.2: a single four (4) octet IPv4 address
        assertRejected(NotifyType.INVALID_ID_INFORMATION, "expected 4", () -> decode(PayloadType.ID, "01 00 0000 c61200"));
    }

    @Test
    void rejectsIpv6SubnetIdOfWrongLength() {
        assertRejected(NotifyType.INVALID_ID_INFORMATION, "expected 32",
                () -> decode(PayloadType.ID, "06 00 0000 " + bytes(16)));
    }

    @Test
    void rejectsFqdnIdWithoutData() {
        assertRejected(NotifyType.INVALID_ID_INFORMATION, () -> decode(PayloadType.ID, "02 00 0000"));
    }

    @Test
    void rejectsNotificationWhoseSpiRunsPastTheBody() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "SPI", () -> decode(PayloadType.N, "00000001 03 04 000e 0102"));
    }

    @Test
    void rejectsTruncatedNotificationHeader() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "notify message type",
                () -> decode(PayloadType.N, "00000001 03 04 00"));
    }

    @Test
    void rejectsDeleteWhoseSpiCountDisagreesWithItsLength() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "2 x 4", () -> decode(PayloadType.D, "00000001 03 04 0002 00000101"));
    }

    @Test
    void rejectsDeleteWithoutSpis() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "0 SPIs", () -> decode(PayloadType.D, "00000001 03 04 0000"));
    }

    @Test
    void rejectsDeleteWithSpiSizeZero() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "SPI size 0", () -> decode(PayloadType.D, "00000001 03 00 0002"));
    }

    @Test
    void rejectsNatOriginalAddressWithNonZeroReserved() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "RESERVED", () -> decode(PayloadType.NAT_OA, "01 000100 c6120001"));
    }

    @Test
    void rejectsNatOriginalAddressOfAnFqdn() {
        // RFC 3947 §5.2: the ID type is ID_IPV4_ADDR or ID_IPV6_ADDR
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "FQDN", () -> decode(PayloadType.NAT_OA, "02 000000 6162"));
    }

    @Test
    void rejectsNatOriginalAddressOfWrongLength() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "expected 16", () -> decode(PayloadType.NAT_OA_DRAFT, "05 000000 c6120001"));
    }

    @Test
    void rejectsFragmentNumberZero() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "fragment number 0", () -> decode(PayloadType.FRAGMENT, "0001 00 01 ff"));
    }

    @Test
    void rejectsFragmentWithReservedFlags() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "flags 0x3", () -> decode(PayloadType.FRAGMENT, "0001 01 03 ff"));
    }

    @Test
    void rejectsTruncatedFragmentHeader() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "flags", () -> decode(PayloadType.FRAGMENT, "0001 01"));
    }

    @Test
    void constructorsEnforceTheSameRulesAsDecoding() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, () -> new NoncePayload(Bytes.of(new byte[7])));
        assertRejected(NotifyType.INVALID_HASH_INFORMATION, () -> new HashPayload(Bytes.EMPTY));
    }
}
