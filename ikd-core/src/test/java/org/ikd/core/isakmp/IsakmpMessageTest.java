package org.ikd.core.isakmp;

import static org.ikd.core.isakmp.Rejections.assertRejected;
import static org.ikd.core.isakmp.TestVectors.buffer;
import static org.ikd.core.isakmp.TestVectors.hex;
import static org.ikd.core.isakmp.TestVectors.hexResource;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.AuthMethod;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.ikd.core.isakmp.doi.LifeType;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.OakleyAttributeType;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.isakmp.doi.ProtocolId;
import org.ikd.core.isakmp.doi.TransformId;
import org.ikd.core.isakmp.error.MalformedMessageException;
import org.ikd.core.isakmp.payload.DataAttribute;
import org.ikd.core.isakmp.payload.FragmentPayload;
import org.ikd.core.isakmp.payload.HashPayload;
import org.ikd.core.isakmp.payload.Payload;
import org.ikd.core.isakmp.payload.ProposalPayload;
import org.ikd.core.isakmp.payload.SecurityAssociationPayload;
import org.ikd.core.isakmp.payload.TransformPayload;
import org.ikd.core.isakmp.payload.VendorIdPayload;
import org.junit.jupiter.api.Test;

/** Whole cleartext messages (RFC 2408 §3.1, §5.1): decode, encode, and the length rules. */
class IsakmpMessageTest {
    private static final Bytes MM1 = hexResource("main-mode-1-psk.hex");
    private static final Bytes FRAGMENT = hexResource("fragment.hex");

    @Test
    void decodesHandBuiltMainMode1() {
        IsakmpMessage m = IsakmpMessage.decode(buffer(MM1));
        assertEquals(ExchangeType.MAIN_MODE, m.header().exchangeType());
        assertEquals(160, m.header().length());
        assertEquals(List.of(PayloadType.SA, PayloadType.VID, PayloadType.VID), m.payloadTypes());
        TransformPayload second = m.first(SecurityAssociationPayload.class).orElseThrow()
                .proposals().get(0).transforms().get(1);
        assertEquals(86400, second.attribute(OakleyAttributeType.LIFE_DURATION).orElseThrow().longValue());
        assertEquals(2, m.all(VendorIdPayload.class).size());
        assertEquals(MM1, m.encode());
    }

    @Test
    void encodesHandBuiltMainMode1FromRecords() {
        TransformPayload aes = new TransformPayload(1, TransformId.KEY_IKE, List.of(
                DataAttribute.tv(OakleyAttributeType.ENCRYPTION_ALGORITHM, 7),
                DataAttribute.tv(OakleyAttributeType.KEY_LENGTH, 128),
                DataAttribute.tv(OakleyAttributeType.HASH_ALGORITHM, 2),
                DataAttribute.tv(OakleyAttributeType.AUTHENTICATION_METHOD, AuthMethod.PRE_SHARED_KEY),
                DataAttribute.tv(OakleyAttributeType.GROUP_DESCRIPTION, 14),
                DataAttribute.tv(OakleyAttributeType.LIFE_TYPE, LifeType.SECONDS),
                DataAttribute.number(OakleyAttributeType.LIFE_DURATION, 28800)));
        TransformPayload tripleDes = new TransformPayload(2, TransformId.KEY_IKE, List.of(
                DataAttribute.tv(OakleyAttributeType.ENCRYPTION_ALGORITHM, 5),
                DataAttribute.tv(OakleyAttributeType.HASH_ALGORITHM, 2),
                DataAttribute.tv(OakleyAttributeType.AUTHENTICATION_METHOD, AuthMethod.PRE_SHARED_KEY),
                DataAttribute.tv(OakleyAttributeType.GROUP_DESCRIPTION, 2),
                DataAttribute.tv(OakleyAttributeType.LIFE_TYPE, LifeType.SECONDS),
                DataAttribute.number(OakleyAttributeType.LIFE_DURATION, 86400)));
        ProposalPayload proposal = new ProposalPayload(1, ProtocolId.ISAKMP, Bytes.EMPTY, List.of(aes, tripleDes));
        IsakmpHeader header = IsakmpHeader.of(hex("0011223344556677"), hex("0000000000000000"),
                ExchangeType.MAIN_MODE, 0, 0);
        IsakmpMessage m = new IsakmpMessage(header, List.of(SecurityAssociationPayload.of(List.of(proposal)),
                new VendorIdPayload(hex("4a131c81070358455c5728f20e95452f")),
                new VendorIdPayload(hex("afcad71368a1f1c96b8696fc77570100"))));
        assertEquals(PayloadType.SA, m.header().nextPayload());
        assertEquals(160, m.header().length());
        assertEquals(MM1, m.encode());
        assertEquals(m, IsakmpMessage.decode(buffer(m.encode())));
    }

    @Test
    void decodesAFragment() {
        IsakmpMessage m = IsakmpMessage.decode(buffer(FRAGMENT));
        FragmentPayload f = m.first(FragmentPayload.class).orElseThrow();
        assertTrue(f.last());
        assertEquals(FRAGMENT, m.encode());
    }

    @Test
    void rejectsEveryTruncation() {
        for (Bytes valid : List.of(MM1, FRAGMENT)) {
            for (int n = 0; n < valid.length(); n++) {
                Bytes cut = valid.slice(0, n);
                assertThrows(MalformedMessageException.class, () -> IsakmpMessage.decode(buffer(cut)), "cut at " + n);
                if (n >= IsakmpHeader.LENGTH) {
                    Bytes patched = withHeaderLength(cut, n);      // the payload chain itself is cut
                    assertThrows(MalformedMessageException.class, () -> IsakmpMessage.decode(buffer(patched)),
                            "cut at " + n + " with matching header length");
                }
            }
        }
    }

    @Test
    void rejectsBytesBeyondTheHeaderLength() {
        assertRejected(NotifyType.UNEQUAL_PAYLOAD_LENGTHS, "found header length 160 in a datagram of 161 bytes",
                () -> IsakmpMessage.decode(buffer(MM1.concat(hex("00")))));
    }

    @Test
    void rejectsAHeaderLengthBeyondTheDatagram() {
        assertRejected(NotifyType.UNEQUAL_PAYLOAD_LENGTHS, "161",
                () -> IsakmpMessage.decode(buffer(withHeaderLength(MM1, 161))));
    }

    @Test
    void rejectsAChainThatEndsBeforeTheHeaderLength() {
        Bytes padded = withHeaderLength(MM1.concat(hex("00000000")), 164);
        assertRejected(NotifyType.UNEQUAL_PAYLOAD_LENGTHS, "found 4 bytes after the last payload",
                () -> IsakmpMessage.decode(buffer(padded)));
    }

    @Test
    void rejectsAnEncryptedMessage() {
        Bytes encrypted = hex("8dcd4e84fd0bc30cdf0a38103e8a52d4081020012cda4dc20000003c5dae2769fc83f3e42479cb208a1481f1"
                + "65430c13dc5c44325986d7aa867c7df6");                  // strongSwan QM3
        assertRejected(NotifyType.INVALID_FLAGS, "E flag", () -> IsakmpMessage.decode(buffer(encrypted)));
    }

    @Test
    void acceptsTheLargestMessageAndRejectsOneByteMore() {
        IsakmpHeader header = IsakmpHeader.of(hex("0011223344556677"), hex("8899aabbccddeeff"), ExchangeType.MAIN_MODE, 0, 0);
        IsakmpMessage largest = new IsakmpMessage(header, List.of(new VendorIdPayload(Bytes.of(new byte[65535 - 32]))));
        Bytes wire = largest.encode();
        assertEquals(65535, wire.length());
        assertEquals(largest, IsakmpMessage.decode(buffer(wire)));
        assertThrows(IllegalArgumentException.class,
                () -> new IsakmpMessage(header, List.of(new VendorIdPayload(Bytes.of(new byte[65535 - 31])))));
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "65536",
                () -> IsakmpMessage.decode(buffer(withHeaderLength(wire.concat(hex("00")), 65536))));
    }

    @Test
    void encodesThePayloadsThatFollowHashAsTheyWereSent() {
        // strongSwan QM1 plaintext (mm-3des-sha1-modp1024.vec qm1_plain): HASH(1), SA, Ni, IDci, IDcr, padding
        Bytes plain = hex("010000185d61f5ec8234ed6f1b0d0db8c33af87198ed6cc50a0000300000000100000001000000240103040162723b7f"
                + "000000180103000080050002800400038001000180021194050000242a9848411c2be74c708d794e44a489b8a8d28045ab38"
                + "8bb77775f22b18965be40500001004000000c6130100ffffff000000001004000000c6130200ffffff0000000000");
        List<Payload> payloads = IsakmpMessage.decodePayloads(PayloadType.HASH, buffer(plain));
        IsakmpHeader header = IsakmpHeader.of(hex("8dcd4e84fd0bc30c"), hex("df0a38103e8a52d4"), ExchangeType.QUICK_MODE,
                IsakmpHeader.ENCRYPTION, 0x2cda4dc2);
        IsakmpMessage m = new IsakmpMessage(header, payloads);
        // RFC 2409 §5.5: HASH(1) covers "the entire message that follows the hash including all payload headers"
        assertEquals(plain.slice(24, plain.length() - 4), m.encodePayloads(1));
        assertEquals(plain.slice(0, plain.length() - 4), m.encodePayloads());
        assertEquals(hex("5d61f5ec8234ed6f1b0d0db8c33af87198ed6cc5"), m.first(HashPayload.class).orElseThrow().hash());
        assertEquals("QUICK_MODE 0x2cda4dc2 E [HASH, SA, NONCE, ID, ID]", m.toString());
    }

    @Test
    void refusesToEncodeAnEncryptedMessageInTheClear() {
        IsakmpHeader header = IsakmpHeader.of(hex("0011223344556677"), hex("8899aabbccddeeff"), ExchangeType.QUICK_MODE,
                IsakmpHeader.ENCRYPTION, 1);
        IsakmpMessage m = new IsakmpMessage(header, List.of(new HashPayload(hex("01"))));
        assertThrows(IllegalStateException.class, m::encode);
    }

    static Bytes withHeaderLength(Bytes message, int length) {
        ByteBuffer b = ByteBuffer.wrap(message.toArray());
        b.putInt(24, length);
        return Bytes.of(b.array());
    }
}
