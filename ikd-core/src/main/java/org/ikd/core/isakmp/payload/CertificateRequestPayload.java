package org.ikd.core.isakmp.payload;

import java.nio.ByteBuffer;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.CertEncoding;
import org.ikd.core.isakmp.doi.PayloadType;

/**
 * RFC 2408 §3.10: Certificate Request payload: certificate type (1 byte), certificate authority
 * (a DER distinguished name for X.509; empty asks for any CA).
 */
public record CertificateRequestPayload(CertEncoding encoding, Bytes authority) implements Payload {

    public static CertificateRequestPayload decode(ByteBuffer body) {
        WireReader in = new WireReader(body, "CR payload");
        CertEncoding encoding = CertEncoding.valueOf(in.u8("certificate type"));
        return new CertificateRequestPayload(encoding, in.rest());
    }

    @Override
    public PayloadType type() {
        return PayloadType.CR;
    }

    @Override
    public int bodyLength() {
        return 1 + authority.length();
    }

    @Override
    public void encodeTo(ByteBuffer out) {
        out.put((byte) encoding.value());
        authority.writeTo(out);
    }
}
