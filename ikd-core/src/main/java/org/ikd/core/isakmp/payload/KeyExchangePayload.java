package org.ikd.core.isakmp.payload;

import java.nio.ByteBuffer;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.isakmp.error.MalformedMessageException;

/** RFC 2408 §3.7: Key Exchange payload, the Diffie-Hellman public value (its length is the group's). */
public record KeyExchangePayload(Bytes keyData) implements Payload {
    public KeyExchangePayload {
        if (keyData.isEmpty())
            throw new MalformedMessageException(NotifyType.INVALID_KEY_INFORMATION,
                    "KE payload: found no data, expected at least 1 byte");
    }

    public static KeyExchangePayload decode(ByteBuffer body) {
        return new KeyExchangePayload(new WireReader(body, "KE payload").rest());
    }

    @Override
    public PayloadType type() {
        return PayloadType.KE;
    }

    @Override
    public int bodyLength() {
        return keyData.length();
    }

    @Override
    public void encodeTo(ByteBuffer out) {
        keyData.writeTo(out);
    }
}
