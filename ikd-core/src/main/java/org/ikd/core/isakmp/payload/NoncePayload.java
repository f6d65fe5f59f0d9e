package org.ikd.core.isakmp.payload;

import java.nio.ByteBuffer;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.isakmp.error.MalformedMessageException;

/** RFC 2408 §3.13: Nonce payload. */
public record NoncePayload(Bytes nonce) implements Payload {
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 256;

    public NoncePayload {
        if (nonce.length() < MIN_LENGTH || nonce.length() > MAX_LENGTH)            // RFC 2409 §5
            throw new MalformedMessageException(NotifyType.PAYLOAD_MALFORMED,
                    "NONCE payload: found " + nonce.length() + " bytes, expected 8..256");
    }

    public static NoncePayload decode(ByteBuffer body) {
        return new NoncePayload(new WireReader(body, "NONCE payload").rest());
    }

    @Override
    public PayloadType type() {
        return PayloadType.NONCE;
    }

    @Override
    public int bodyLength() {
        return nonce.length();
    }

    @Override
    public void encodeTo(ByteBuffer out) {
        nonce.writeTo(out);
    }
}
