package org.ikd.core.isakmp;

import java.nio.ByteBuffer;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.error.MalformedMessageException;

/**
 * A message with the E flag (RFC 2408 §3.1): the header in the clear, then the encrypted
 * payloads. The header's next payload names the first encrypted payload; its length covers the
 * ciphertext and is set from {@code body} by the constructor. The engine decrypts {@code body}
 * and calls {@link #withPlaintext}; to send, it encrypts {@link IsakmpMessage#encodePayloads()}
 * plus padding and calls {@link #of} and {@link #encode}.
 */
public record EncryptedMessage(IsakmpHeader header, Bytes body) {
    public EncryptedMessage {
        if (!header.isEncrypted())
            throw new MalformedMessageException(NotifyType.INVALID_FLAGS,
                    "found no E flag, expected an encrypted message");
        if (body.isEmpty())
            throw new MalformedMessageException(NotifyType.PAYLOAD_MALFORMED,
                    "found an empty encrypted body, expected at least one cipher block");
        header = header.withChain(header.nextPayload(), IsakmpHeader.LENGTH + body.length());
    }

    /** The ciphertext {@code ciphertext} of {@code plaintext.encodePayloads()}, under its header. */
    public static EncryptedMessage of(IsakmpMessage plaintext, Bytes ciphertext) {
        return new EncryptedMessage(plaintext.header(), ciphertext);
    }

    /** Decodes a datagram whose header has the E flag; the body is left encrypted. */
    public static EncryptedMessage decode(ByteBuffer datagram) {
        int size = datagram.remaining();
        IsakmpHeader header = IsakmpHeader.decode(datagram);
        if (!header.isEncrypted())
            throw new MalformedMessageException(NotifyType.INVALID_FLAGS,
                    "found no E flag, expected an encrypted message (decode it as an IsakmpMessage)");
        IsakmpMessage.checkLength(header, size);
        return new EncryptedMessage(header, Bytes.read(datagram, datagram.remaining()));
    }

    /** The message whose payloads are the decrypted {@code plaintext} (padding tolerated and dropped). */
    public IsakmpMessage withPlaintext(ByteBuffer plaintext) {
        return new IsakmpMessage(header, IsakmpMessage.decodePayloads(header.nextPayload(), plaintext));
    }

    public Bytes encode() {
        ByteBuffer out = ByteBuffer.allocate(header.length());
        header.encodeTo(out);
        body.writeTo(out);
        return Bytes.of(out.array());
    }
}
