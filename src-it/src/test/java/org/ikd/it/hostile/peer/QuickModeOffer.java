package org.ikd.it.hostile.peer;

import java.util.ArrayList;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.isakmp.doi.EncapsulationMode;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.ikd.core.isakmp.doi.IpsecAttributeType;
import org.ikd.core.isakmp.doi.LifeType;
import org.ikd.core.isakmp.doi.ProtocolId;
import org.ikd.core.isakmp.doi.TransformId;
import org.ikd.core.isakmp.payload.DataAttribute;
import org.ikd.core.isakmp.payload.HashPayload;
import org.ikd.core.isakmp.payload.IdentificationPayload;
import org.ikd.core.isakmp.payload.NoncePayload;
import org.ikd.core.isakmp.payload.Payload;
import org.ikd.core.isakmp.payload.ProposalPayload;
import org.ikd.core.isakmp.payload.SecurityAssociationPayload;
import org.ikd.core.isakmp.payload.TransformPayload;

/**
 * One Quick Mode first message (RFC 2409 §5.5), built by hand:
 * {@code HDR*, HASH(1), SA, Ni, IDci, IDcr} with HASH(1) = prf(SKEYID_a, M-ID | SA | Ni | IDci | IDcr),
 * encrypted under the phase-2 IV of its M-ID (App. B). One ESP proposal, aes128-sha256 (RFC 2407 §4.5),
 * no PFS. {@code tail} is what follows HASH(1), kept so that the same content can be protected again
 * under another M-ID; {@code datagram} is what went on the wire.
 */
public record QuickModeOffer(int messageId, Bytes ni, Bytes spi, List<Payload> tail, Bytes datagram) {
    static final long LIFETIME_SECONDS = 3600;

    /** A fresh SPI and nonce for the traffic IDci -> IDcr in {@code mode}. */
    public static QuickModeOffer build(IsakmpSession s, int messageId, EncapsulationMode mode,
                                       IdentificationPayload idci, IdentificationPayload idcr) {
        Bytes spi = IsakmpSession.random(4);
        Bytes ni = IsakmpSession.random(32);
        List<Payload> tail = List.of(proposal(spi, mode), new NoncePayload(ni), idci, idcr);
        return protect(s, messageId, ni, spi, tail);
    }

    /** The same SA, Ni and IDs, with HASH(1) computed for {@code messageId} and sealed under its IV: a correct replay. */
    public QuickModeOffer reprotected(IsakmpSession s, int newMessageId) {
        return protect(s, newMessageId, ni, spi, tail);
    }

    /** The same SA (so the same SPI) and IDs with a fresh Ni, correctly protected under {@code newMessageId}. */
    public QuickModeOffer withFreshNonce(IsakmpSession s, int newMessageId) {
        Bytes fresh = IsakmpSession.random(32);
        return protect(s, newMessageId, fresh, spi, List.of(tail.get(0), new NoncePayload(fresh), tail.get(2), tail.get(3)));
    }

    /** A byte copy of the datagram with only the header's M-ID changed (RFC 2408 §3.1: octets 20..23). */
    public Bytes withMessageId(int newMessageId) {
        byte[] b = datagram.toArray();
        b[20] = (byte) (newMessageId >>> 24);
        b[21] = (byte) (newMessageId >>> 16);
        b[22] = (byte) (newMessageId >>> 8);
        b[23] = (byte) newMessageId;
        return Bytes.of(b);
    }

    private static QuickModeOffer protect(IsakmpSession s, int messageId, Bytes ni, Bytes spi, List<Payload> tail) {
        Bytes hash1 = s.protection().phase2Hash().hash1(messageId, IsakmpSession.chain(tail));
        List<Payload> payloads = new ArrayList<>(List.of(new HashPayload(hash1)));
        payloads.addAll(tail);
        return new QuickModeOffer(messageId, ni, spi, tail, s.seal(ExchangeType.QUICK_MODE, messageId, payloads));
    }

    /** RFC 2407 §4.4.1, §4.5: ESP, ESP_AES_CBC with Key Length 128, HMAC-SHA2-256 (RFC 4868), the mode, 3600 s. */
    static SecurityAssociationPayload proposal(Bytes spi, EncapsulationMode mode) {
        List<DataAttribute> a = List.of(
                DataAttribute.tv(IpsecAttributeType.KEY_LENGTH, 128),
                DataAttribute.tv(IpsecAttributeType.AUTHENTICATION_ALGORITHM, IntegrityAlgorithm.HMAC_SHA2_256_128.id()),
                DataAttribute.tv(IpsecAttributeType.ENCAPSULATION_MODE, mode),
                DataAttribute.tv(IpsecAttributeType.SA_LIFE_TYPE, LifeType.SECONDS),
                DataAttribute.number(IpsecAttributeType.SA_LIFE_DURATION, LIFETIME_SECONDS));
        TransformId aes = TransformId.valueOf(ProtocolId.ESP, EspCipher.AES_CBC.id());
        return SecurityAssociationPayload.of(List.of(new ProposalPayload(1, ProtocolId.ESP, spi,
                List.of(new TransformPayload(1, aes, a)))));
    }
}
