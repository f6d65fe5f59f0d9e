package org.ikd.core.isakmp.payload;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.PayloadType;

/**
 * A payload of a type ikd does not decode (IKEv1 has no critical bit): kept verbatim so the
 * message still re-encodes exactly, and skipped by {@code MessageRules}.
 */
public record UnknownPayload(PayloadType type, Bytes body) implements Payload {
    public UnknownPayload {
        Objects.requireNonNull(body);
        if (type.isKnown()) throw new IllegalArgumentException(type + " is a known payload type");
    }

    public static UnknownPayload decode(PayloadType type, ByteBuffer body) {
        return new UnknownPayload(type, Bytes.read(body, body.remaining()));
    }

    @Override
    public int bodyLength() {
        return body.length();
    }

    @Override
    public void encodeTo(ByteBuffer out) {
        body.writeTo(out);
    }
}
