package org.ikd.core.isakmp.payload;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.ikd.core.isakmp.doi.AttributeForm;
import org.ikd.core.isakmp.doi.IpsecAttributeType;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.OakleyAttributeType;
import org.ikd.core.isakmp.doi.ProtocolId;
import org.ikd.core.isakmp.doi.RegisteredNumber;
import org.ikd.core.isakmp.doi.TransformId;
import org.ikd.core.isakmp.error.MalformedMessageException;

/**
 * RFC 2408 §3.6 Transform payload (inside a proposal): transform # (1), transform ID (1),
 * RESERVED2 (2), SA attributes. Attributes are Oakley classes (RFC 2409 App. A) in an ISAKMP
 * proposal and IPsec DOI classes (RFC 2407 §4.5) in AH/ESP/IPCOMP proposals; a basic class sent
 * as TLV, or a number too long for a long, is BAD-PROPOSAL-SYNTAX.
 */
public record TransformPayload(int number, TransformId transformId, List<DataAttribute> attributes)
        implements NestedPayload {
    private static final Set<ProtocolId> IPSEC_PROTOCOLS = Set.of(ProtocolId.AH, ProtocolId.ESP, ProtocolId.IPCOMP);

    public TransformPayload {
        Objects.requireNonNull(transformId);
        if (number < 0 || number > 0xff) throw new IllegalArgumentException("transform number " + number);
        attributes = List.copyOf(attributes);
        for (DataAttribute a : attributes) checkForm(transformId.protocol(), a);
    }

    public static TransformPayload decode(ProtocolId protocol, ByteBuffer body) {
        WireReader in = new WireReader(body, "TRANSFORM payload", NotifyType.BAD_PROPOSAL_SYNTAX);
        int number = in.u8("transform number");
        TransformId id = TransformId.valueOf(protocol, in.u8("transform ID"));
        in.reserved(2, "RESERVED2");
        List<DataAttribute> attributes = new ArrayList<>();
        while (in.remaining() > 0) attributes.add(DataAttribute.decode(in));
        return new TransformPayload(number, id, attributes);
    }

    /** The first attribute of a class (life type/duration pairs may repeat, RFC 2407 §4.5). */
    public Optional<DataAttribute> attribute(RegisteredNumber type) {
        return attributes.stream().filter(a -> a.type() == type.value()).findFirst();
    }

    @Override
    public int bodyLength() {
        int n = 4;
        for (DataAttribute a : attributes) n += a.encodedLength();
        return n;
    }

    @Override
    public void encodeTo(ByteBuffer out) {
        out.put((byte) number);
        out.put((byte) transformId.value());
        out.putShort((short) 0);
        for (DataAttribute a : attributes) a.encodeTo(out);
    }

    private static void checkForm(ProtocolId protocol, DataAttribute a) {
        AttributeForm form;
        String name;
        if (protocol.equals(ProtocolId.ISAKMP)) {
            form = OakleyAttributeType.valueOf(a.type()).form();
            name = OakleyAttributeType.valueOf(a.type()).name();
        } else if (IPSEC_PROTOCOLS.contains(protocol)) {
            form = IpsecAttributeType.valueOf(a.type()).form();
            name = IpsecAttributeType.valueOf(a.type()).name();
        } else {
            return;                                  // an unknown protocol's attributes are kept as they are
        }
        boolean tlv = a.format() == DataAttribute.Format.TLV;
        if (form == AttributeForm.BASIC && tlv)
            throw syntax("found " + name + " as TLV, expected TV (a basic attribute)");
        if (form == AttributeForm.NUMBER && tlv && !a.isNumber())
            throw syntax("found a " + a.value().length() + "-byte " + name + ", expected 1..8 bytes below 2^63");
    }

    private static MalformedMessageException syntax(String detail) {
        return new MalformedMessageException(NotifyType.BAD_PROPOSAL_SYNTAX, "TRANSFORM payload: " + detail);
    }
}
