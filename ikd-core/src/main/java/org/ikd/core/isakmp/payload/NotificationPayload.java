package org.ikd.core.isakmp.payload;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.Doi;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.isakmp.doi.ProtocolId;

/**
 * RFC 2408 §3.14 Notification payload: DOI (4), protocol ID (1), SPI size (1), notify message
 * type (2), SPI, notification data. DPD (RFC 3706 §5) puts both cookies in the SPI and a 4-byte
 * sequence number in the data.
 */
public record NotificationPayload(Doi doi, ProtocolId protocolId, NotifyType notifyType, Bytes spi, Bytes data)
        implements Payload {
    public NotificationPayload {
        Objects.requireNonNull(doi);
        Objects.requireNonNull(protocolId);
        Objects.requireNonNull(notifyType);
        Objects.requireNonNull(data);
        if (spi.length() > 0xff) throw new IllegalArgumentException("SPI of " + spi.length() + " bytes");
    }

    public static NotificationPayload decode(ByteBuffer body) {
        WireReader in = new WireReader(body, "N payload");
        Doi doi = Doi.valueOf(in.u32("DOI"));
        ProtocolId protocolId = ProtocolId.valueOf(in.u8("protocol ID"));
        int spiSize = in.u8("SPI size");
        NotifyType notifyType = NotifyType.valueOf(in.u16("notify message type"));
        Bytes spi = in.bytes(spiSize, "SPI");
        return new NotificationPayload(doi, protocolId, notifyType, spi, in.rest());
    }

    @Override
    public PayloadType type() {
        return PayloadType.N;
    }

    @Override
    public int bodyLength() {
        return 8 + spi.length() + data.length();
    }

    @Override
    public void encodeTo(ByteBuffer out) {
        out.putInt(doi.value());
        out.put((byte) protocolId.value());
        out.put((byte) spi.length());
        out.putShort((short) notifyType.value());
        spi.writeTo(out);
        data.writeTo(out);
    }
}
