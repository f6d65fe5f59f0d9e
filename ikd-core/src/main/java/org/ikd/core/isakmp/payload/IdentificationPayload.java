package org.ikd.core.isakmp.payload;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.IdType;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.isakmp.error.MalformedMessageException;

/**
 * RFC 2408 §3.8 Identification payload in its IPsec DOI form (RFC 2407 §4.6.2): ID type (1),
 * IP protocol (1), port (2), identification data. Phase 1 uses protocol 0 or 17 and port 0 or
 * 500; Quick Mode IDci/IDcr carry the selectors' protocol and port.
 */
public record IdentificationPayload(IdType idType, int protocolId, int port, Bytes data) implements Payload {
    public IdentificationPayload {
        Objects.requireNonNull(idType);
        if (protocolId < 0 || protocolId > 0xff || port < 0 || port > 0xffff)
            throw new IllegalArgumentException("protocol " + protocolId + " / port " + port + " out of range");
        int expected = idType.dataLength();
        if (expected > 0 && data.length() != expected)
            throw invalid("found " + data.length() + " bytes of " + idType + ", expected " + expected);
        if (idType.isKnown() && data.isEmpty())
            throw invalid("found no identification data for " + idType + ", expected at least 1 byte");
    }

    /** An identity without protocol and port, as Main Mode usually sends it. */
    public static IdentificationPayload of(IdType idType, Bytes data) {
        return new IdentificationPayload(idType, 0, 0, data);
    }

    public static IdentificationPayload decode(ByteBuffer body) {
        WireReader in = new WireReader(body, "ID payload");
        IdType idType = IdType.valueOf(in.u8("ID type"));
        int protocolId = in.u8("protocol ID");
        int port = in.u16("port");
        return new IdentificationPayload(idType, protocolId, port, in.rest());
    }

    @Override
    public PayloadType type() {
        return PayloadType.ID;
    }

    @Override
    public int bodyLength() {
        return 4 + data.length();
    }

    @Override
    public void encodeTo(ByteBuffer out) {
        out.put((byte) idType.value());
        out.put((byte) protocolId);
        out.putShort((short) port);
        data.writeTo(out);
    }

    private static MalformedMessageException invalid(String detail) {
        return new MalformedMessageException(NotifyType.INVALID_ID_INFORMATION, "ID payload: " + detail);
    }
}
