package org.ikd.core.isakmp.payload;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.isakmp.error.MalformedMessageException;

/**
 * draft-dukes-ike-mode-cfg-02 §3.2: the Attribute payload of the Transaction exchange.
 * <pre>
 *   Type (1) | RESERVED (1) | Identifier (2) | Attributes (RFC 2408 §3.3 data attributes)...
 * </pre>
 * Type is ISAKMP_CFG_REQUEST (1), REPLY (2), SET (3) or ACK (4); the identifier pairs a REPLY with its
 * REQUEST and an ACK with its SET. XAUTH (draft-beaulieu-ike-xauth-02 §6) uses the same payload with
 * its own attribute numbers (16520..16529). Types ikd does not know are kept by number.
 */
public record AttributePayload(int cfgType, int identifier, List<DataAttribute> attributes) implements Payload {
    public static final int REQUEST = 1;
    public static final int REPLY = 2;
    public static final int SET = 3;
    public static final int ACK = 4;

    public AttributePayload {
        if (cfgType < 0 || cfgType > 0xff) throw new IllegalArgumentException("configuration type " + cfgType);
        if (identifier < 0 || identifier > 0xffff) throw new IllegalArgumentException("identifier " + identifier);
        attributes = List.copyOf(attributes);
    }

    /**
     * Whether this payload is the {@code type} that answers our message with {@code identifier}. An
     * identifier of 0 is taken too: strongSwan 5.9.8's XAUTH client answers every CFG_REQUEST and CFG_SET
     * with identifier 0 (RoadWarriorCharonIT), and nothing is lost by it: the message ID already pairs the
     * two messages of a Transaction and its HASH authenticates both (draft-dukes-ike-mode-cfg-02 §3.1),
     * the identifier only references the transaction (§3.2).
     */
    public boolean answers(int type, int identifier) {
        return cfgType == type && (this.identifier == identifier || this.identifier == 0);
    }

    public static AttributePayload decode(ByteBuffer body) {
        WireReader in = new WireReader(body, "ATTR payload");
        int type = in.u8("type");
        in.reserved(1, "RESERVED");
        int identifier = in.u16("identifier");
        List<DataAttribute> attributes = new ArrayList<>();
        while (in.remaining() > 0) attributes.add(DataAttribute.decode(in));
        if (type < REQUEST || type > ACK)
            throw new MalformedMessageException(NotifyType.PAYLOAD_MALFORMED,
                    "ATTR payload: found type " + type + ", expected CFG_REQUEST (1), CFG_REPLY (2), CFG_SET (3) or CFG_ACK (4)");
        return new AttributePayload(type, identifier, attributes);
    }

    /** The first attribute of {@code attributeType}, if any. */
    public Optional<DataAttribute> attribute(int attributeType) {
        return attributes.stream().filter(a -> a.type() == attributeType).findFirst();
    }

    /** Every attribute of {@code attributeType}, in order (e.g. several INTERNAL_IP4_DNS). */
    public List<DataAttribute> all(int attributeType) {
        return attributes.stream().filter(a -> a.type() == attributeType).toList();
    }

    /** {@code CFG_REQUEST}, {@code CFG_REPLY}, ... for logs. */
    public String typeName() {
        return switch (cfgType) {
            case REQUEST -> "CFG_REQUEST";
            case REPLY -> "CFG_REPLY";
            case SET -> "CFG_SET";
            case ACK -> "CFG_ACK";
            default -> "CFG_" + cfgType;
        };
    }

    @Override
    public PayloadType type() {
        return PayloadType.ATTRIBUTE;
    }

    @Override
    public int bodyLength() {
        int n = 4;
        for (DataAttribute a : attributes) n += a.encodedLength();
        return n;
    }

    @Override
    public void encodeTo(ByteBuffer out) {
        out.put((byte) cfgType);
        out.put((byte) 0);
        out.putShort((short) identifier);
        for (DataAttribute a : attributes) a.encodeTo(out);
    }
}
