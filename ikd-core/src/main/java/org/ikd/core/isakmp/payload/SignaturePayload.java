package org.ikd.core.isakmp.payload;

import java.nio.ByteBuffer;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.isakmp.error.MalformedMessageException;

/** RFC 2408 §3.12: Signature payload (SIG_I/SIG_R). */
public record SignaturePayload(Bytes signature) implements Payload {
    public SignaturePayload {
        if (signature.isEmpty())
            throw new MalformedMessageException(NotifyType.INVALID_SIGNATURE,
                    "SIG payload: found no data, expected at least 1 byte");
    }

    public static SignaturePayload decode(ByteBuffer body) {
        return new SignaturePayload(new WireReader(body, "SIG payload").rest());
    }

    @Override
    public PayloadType type() {
        return PayloadType.SIG;
    }

    @Override
    public int bodyLength() {
        return signature.length();
    }

    @Override
    public void encodeTo(ByteBuffer out) {
        signature.writeTo(out);
    }
}
