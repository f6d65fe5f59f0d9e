package org.ikd.core.ike.exchange;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.Doi;
import org.ikd.core.isakmp.doi.IpsecAttributeType;
import org.ikd.core.isakmp.doi.LifeType;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.ProtocolId;
import org.ikd.core.isakmp.error.MalformedMessageException;
import org.ikd.core.isakmp.payload.DataAttribute;
import org.ikd.core.isakmp.payload.NotificationPayload;

/**
 * RESPONDER-LIFETIME (RFC 2407 §4.6.3.1): a Quick Mode responder that accepts a proposal but wants a
 * shorter lifetime says so in a notify whose SPI is the initiator's and whose data are SA life
 * attributes (RFC 2408 §3.3 encoding).
 */
final class ResponderLifetime {
    private ResponderLifetime() {}

    static NotificationPayload of(ProtocolId protocol, Bytes initiatorSpi, long seconds, long kilobytes) {
        List<DataAttribute> a = new ArrayList<>();
        if (seconds > 0) {
            a.add(DataAttribute.tv(IpsecAttributeType.SA_LIFE_TYPE, LifeType.SECONDS));
            a.add(DataAttribute.number(IpsecAttributeType.SA_LIFE_DURATION, seconds));
        }
        if (kilobytes > 0) {
            a.add(DataAttribute.tv(IpsecAttributeType.SA_LIFE_TYPE, LifeType.KILOBYTES));
            a.add(DataAttribute.number(IpsecAttributeType.SA_LIFE_DURATION, kilobytes));
        }
        return new NotificationPayload(Doi.IPSEC, protocol, NotifyType.RESPONDER_LIFETIME, initiatorSpi, encode(a));
    }

    static Bytes encode(List<DataAttribute> attributes) {
        ByteBuffer out = ByteBuffer.allocate(attributes.stream().mapToInt(a -> a.format() == DataAttribute.Format.TV ? 4 : 4 + a.value().length()).sum());
        for (DataAttribute a : attributes) {
            if (a.format() == DataAttribute.Format.TV) {
                out.putShort((short) (0x8000 | a.type()));
                a.value().writeTo(out);
            } else {
                out.putShort((short) a.type()).putShort((short) a.value().length());
                a.value().writeTo(out);
            }
        }
        return Bytes.of(out.array());
    }

    /** RFC 2408 §3.3: AF bit set, a 2-byte value; clear, a 2-byte length and the value. */
    static List<DataAttribute> attributes(Bytes data) {
        ByteBuffer in = ByteBuffer.wrap(data.toArray());
        List<DataAttribute> out = new ArrayList<>();
        while (in.hasRemaining()) {
            if (in.remaining() < 4) throw malformed("found " + in.remaining() + " trailing bytes, expected a 4-byte attribute header");
            int type = in.getShort() & 0xffff;
            int v = in.getShort() & 0xffff;
            if ((type & 0x8000) != 0) {
                out.add(DataAttribute.tv(type & 0x7fff, v));
            } else {
                if (in.remaining() < v) throw malformed("attribute " + type + " claims " + v + " bytes, " + in.remaining() + " remain");
                out.add(DataAttribute.tlv(type, Bytes.read(in, v)));
            }
        }
        return out;
    }

    private static MalformedMessageException malformed(String detail) {
        return new MalformedMessageException(NotifyType.PAYLOAD_MALFORMED, "RESPONDER-LIFETIME: " + detail);
    }
}
