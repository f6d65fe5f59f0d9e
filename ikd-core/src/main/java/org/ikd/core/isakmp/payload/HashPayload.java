package org.ikd.core.isakmp.payload;

import java.nio.ByteBuffer;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.isakmp.error.MalformedMessageException;

/** RFC 2408 §3.11: Hash payload (HASH_I/HASH_R, Quick Mode and Informational HASH(n)). */
public record HashPayload(Bytes hash) implements Payload {
    public HashPayload {
        if (hash.isEmpty())
            throw new MalformedMessageException(NotifyType.INVALID_HASH_INFORMATION,
                    "HASH payload: found no data, expected at least 1 byte");
    }

    public static HashPayload decode(ByteBuffer body) {
        return new HashPayload(new WireReader(body, "HASH payload").rest());
    }

    @Override
    public PayloadType type() {
        return PayloadType.HASH;
    }

    @Override
    public int bodyLength() {
        return hash.length();
    }

    @Override
    public void encodeTo(ByteBuffer out) {
        hash.writeTo(out);
    }
}
