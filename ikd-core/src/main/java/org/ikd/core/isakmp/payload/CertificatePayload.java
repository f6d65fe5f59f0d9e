package org.ikd.core.isakmp.payload;

import java.nio.ByteBuffer;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.CertEncoding;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.isakmp.error.MalformedMessageException;

/** RFC 2408 §3.9: Certificate payload: encoding (1 byte), certificate data. */
public record CertificatePayload(CertEncoding encoding, Bytes data) implements Payload {
    public CertificatePayload {
        if (data.isEmpty())
            throw new MalformedMessageException(NotifyType.INVALID_CERTIFICATE,
                    "CERT payload: found no certificate data, expected at least 1 byte");
    }

    public static CertificatePayload decode(ByteBuffer body) {
        WireReader in = new WireReader(body, "CERT payload");
        CertEncoding encoding = CertEncoding.valueOf(in.u8("certificate encoding"));
        return new CertificatePayload(encoding, in.rest());
    }

    @Override
    public PayloadType type() {
        return PayloadType.CERT;
    }

    @Override
    public int bodyLength() {
        return 1 + data.length();
    }

    @Override
    public void encodeTo(ByteBuffer out) {
        out.put((byte) encoding.value());
        data.writeTo(out);
    }
}
