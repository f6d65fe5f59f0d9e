package org.ikd.core.isakmp.payload;

import java.nio.ByteBuffer;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.isakmp.error.MalformedMessageException;

/**
 * draft-ietf-ipsec-isakmp-gss-auth-07 §3.3: the GSS-API token payload (private type 129): the
 * generic header, then one opaque output token of GSS_Init_sec_context or GSS_Accept_sec_context
 * (for Kerberos an AP-REQ or AP-REP, RFC 4121 §4.1). Its content is for the GSS-API to judge.
 */
public record GssTokenPayload(Bytes token) implements Payload {
    public GssTokenPayload {
        if (token.isEmpty())
            throw new MalformedMessageException(NotifyType.PAYLOAD_MALFORMED,
                    "GSS payload: found no token, expected at least 1 byte");
    }

    public static GssTokenPayload decode(ByteBuffer body) {
        return new GssTokenPayload(new WireReader(body, "GSS payload").rest());
    }

    @Override
    public PayloadType type() {
        return PayloadType.GSS;
    }

    @Override
    public int bodyLength() {
        return token.length();
    }

    @Override
    public void encodeTo(ByteBuffer out) {
        token.writeTo(out);
    }

    @Override
    public String toString() {
        return "GSS[" + token.length() + " bytes]";
    }
}
