package org.ikd.core.isakmp.payload;

import java.nio.ByteBuffer;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.isakmp.error.MalformedMessageException;

/**
 * NAT-D payload (RFC 3947 §3.2): HASH(CKY-I | CKY-R | IP | Port). {@code type} is NAT_D (20) or,
 * for peers that negotiated draft-ietf-ipsec-nat-t-ike-02/03, NAT_D_DRAFT (130); it is kept so
 * the reply uses the number the peer understands.
 */
public record NatDiscoveryPayload(PayloadType type, Bytes hash) implements Payload {
    public NatDiscoveryPayload {
        if (!type.equals(PayloadType.NAT_D) && !type.equals(PayloadType.NAT_D_DRAFT))
            throw new IllegalArgumentException(type + " is not a NAT-D payload type");
        if (hash.isEmpty())
            throw new MalformedMessageException(NotifyType.PAYLOAD_MALFORMED,
                    type + " payload: found no data, expected a hash");
    }

    public static NatDiscoveryPayload decode(PayloadType type, ByteBuffer body) {
        return new NatDiscoveryPayload(type, new WireReader(body, type + " payload").rest());
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
