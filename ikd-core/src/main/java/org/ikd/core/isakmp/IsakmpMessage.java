package org.ikd.core.isakmp;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.isakmp.error.MalformedMessageException;
import org.ikd.core.isakmp.payload.Payload;
import org.ikd.core.isakmp.payload.PayloadCodec;

/**
 * An ISAKMP message in the clear: header and payloads in order (RFC 2408 §3). The constructor
 * sets the header's next payload and length from the payloads, so {@code decode(encode(m))}
 * equals {@code m}. For a message that travels encrypted (E flag), {@link #encodePayloads()} is
 * what gets padded and encrypted, {@link EncryptedMessage} what gets sent, and the header's
 * length here is that of the plaintext payloads.
 */
public record IsakmpMessage(IsakmpHeader header, List<Payload> payloads) {
    /**
     * Bytes accepted after the last decrypted payload: one cipher block of zero padding
     * (strongSwan), or padding up to 255 bytes plus a pad-length byte (RFC 2408 §3.1 allows
     * both; Windows adds the length byte).
     */
    public static final int MAX_PADDING = 16 + 255;

    public IsakmpMessage {
        payloads = List.copyOf(payloads);
        PayloadType first = payloads.isEmpty() ? PayloadType.NONE : payloads.get(0).type();
        int length = IsakmpHeader.LENGTH + PayloadCodec.lengthOf(payloads);
        if (length > IsakmpHeader.MAX_MESSAGE_LENGTH)
            throw new IllegalArgumentException("message of " + length + " bytes exceeds 65535");
        header = header.withChain(first, length);
    }

    /**
     * Decodes a cleartext datagram: from the buffer's position to its limit. Strict about
     * length: UDP keeps datagram boundaries, so bytes beyond the header's length can only be
     * damage, and the message is rejected (UNEQUAL-PAYLOAD-LENGTHS) rather than trimmed.
     */
    public static IsakmpMessage decode(ByteBuffer datagram) {
        int size = datagram.remaining();
        IsakmpHeader header = IsakmpHeader.decode(datagram);
        if (header.isEncrypted())
            throw new MalformedMessageException(NotifyType.INVALID_FLAGS,
                    "found the E flag, expected a cleartext message (decode it as an EncryptedMessage)");
        checkLength(header, size);
        return new IsakmpMessage(header, PayloadCodec.decodeChain(header.nextPayload(), datagram, 0));
    }

    /** Decodes decrypted payloads; the padding after the last one is skipped (at most {@link #MAX_PADDING}). */
    public static List<Payload> decodePayloads(PayloadType first, ByteBuffer plaintext) {
        return PayloadCodec.decodeChain(first, plaintext, MAX_PADDING);
    }

    static void checkLength(IsakmpHeader header, int datagramLength) {
        if (header.length() != datagramLength)
            throw new MalformedMessageException(NotifyType.UNEQUAL_PAYLOAD_LENGTHS, "found header length "
                    + header.length() + " in a datagram of " + datagramLength + " bytes, expected them equal");
    }

    /** The datagram of a cleartext message. */
    public Bytes encode() {
        if (header.isEncrypted())
            throw new IllegalStateException("an E-flag message is sent as an EncryptedMessage of encodePayloads()");
        ByteBuffer out = ByteBuffer.allocate(header.length());
        header.encodeTo(out);
        PayloadCodec.encodeChain(payloads, out);
        return Bytes.of(out.array());
    }

    /** All payloads with their generic headers: the plaintext to pad and encrypt. */
    public Bytes encodePayloads() {
        return encodePayloads(0);
    }

    /**
     * The payloads from index {@code from} on, with their generic headers, exactly as they are on
     * the wire: e.g. what follows HASH(1) in Quick Mode (RFC 2409 §5.5).
     */
    public Bytes encodePayloads(int from) {
        List<Payload> tail = payloads.subList(from, payloads.size());
        ByteBuffer out = ByteBuffer.allocate(PayloadCodec.lengthOf(tail));
        PayloadCodec.encodeChain(tail, out);
        return Bytes.of(out.array());
    }

    /** The payloads of one record type, in message order. */
    public <T extends Payload> List<T> all(Class<T> type) {
        return payloads.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toUnmodifiableList());
    }

    public <T extends Payload> Optional<T> first(Class<T> type) {
        return payloads.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    public List<PayloadType> payloadTypes() {
        return payloads.stream().map(Payload::type).collect(Collectors.toUnmodifiableList());
    }

    /** e.g. {@code QUICK_MODE 0x1a2b3c4d E [HASH, SA, NONCE, ID, ID]}, for logs. */
    @Override
    public String toString() {
        return header.exchangeType() + " " + header.messageIdHex() + (header.isEncrypted() ? " E " : " ")
                + payloadTypes();
    }
}
