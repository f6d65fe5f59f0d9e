package org.ikd.core.isakmp.payload;

import java.nio.ByteBuffer;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.IdType;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.isakmp.error.MalformedMessageException;

/**
 * NAT-OA payload (RFC 3947 §5.2; same layout in draft-ietf-ipsec-nat-t-ike-02 as type 131):
 * ID type (1), RESERVED (1), RESERVED (2), then an IPv4 (ID_IPV4_ADDR) or IPv6 (ID_IPV6_ADDR)
 * address: the original address of the peer that sent it.
 */
public record NatOriginalAddressPayload(PayloadType type, IdType idType, Bytes address) implements Payload {
    public NatOriginalAddressPayload {
        if (!type.equals(PayloadType.NAT_OA) && !type.equals(PayloadType.NAT_OA_DRAFT))
            throw new IllegalArgumentException(type + " is not a NAT-OA payload type");
        if (!idType.equals(IdType.IPV4_ADDR) && !idType.equals(IdType.IPV6_ADDR))
            throw invalid(type, "found ID type " + idType + ", expected IPV4_ADDR or IPV6_ADDR");
        if (address.length() != idType.dataLength())
            throw invalid(type, "found a " + address.length() + "-byte " + idType + ", expected "
                    + idType.dataLength());
    }

    public static NatOriginalAddressPayload decode(PayloadType type, ByteBuffer body) {
        WireReader in = new WireReader(body, type + " payload");
        IdType idType = IdType.valueOf(in.u8("ID type"));
        in.reserved(3, "RESERVED");
        return new NatOriginalAddressPayload(type, idType, in.rest());
    }

    @Override
    public int bodyLength() {
        return 4 + address.length();
    }

    @Override
    public void encodeTo(ByteBuffer out) {
        out.put((byte) idType.value());
        out.put(new byte[3]);
        address.writeTo(out);
    }

    private static MalformedMessageException invalid(PayloadType type, String detail) {
        return new MalformedMessageException(NotifyType.PAYLOAD_MALFORMED, type + " payload: " + detail);
    }
}
