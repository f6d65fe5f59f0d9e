package org.ikd.core.isakmp.payload;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.Doi;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.isakmp.doi.ProtocolId;
import org.ikd.core.isakmp.error.MalformedMessageException;

/**
 * RFC 2408 §3.15 Delete payload: DOI (4), protocol ID (1), SPI size (1), number of SPIs (2),
 * SPIs. An ISAKMP SA is deleted by its two cookies (SPI size 16), an IPsec SA by its 4-byte SPI.
 */
public record DeletePayload(Doi doi, ProtocolId protocolId, int spiSize, List<Bytes> spis) implements Payload {
    public DeletePayload {
        Objects.requireNonNull(doi);
        Objects.requireNonNull(protocolId);
        spis = List.copyOf(spis);
        if (spis.isEmpty() || spis.size() > 0xffff)
            throw invalid("found " + spis.size() + " SPIs, expected 1..65535");
        if (spiSize < 1 || spiSize > 0xff)
            throw invalid("found SPI size " + spiSize + ", expected 1..255");
        for (Bytes spi : spis)
            if (spi.length() != spiSize) throw invalid("found a " + spi.length() + "-byte SPI, expected " + spiSize);
    }

    public static DeletePayload decode(ByteBuffer body) {
        WireReader in = new WireReader(body, "D payload");
        Doi doi = Doi.valueOf(in.u32("DOI"));
        ProtocolId protocolId = ProtocolId.valueOf(in.u8("protocol ID"));
        int spiSize = in.u8("SPI size");
        int count = in.u16("number of SPIs");
        if ((long) spiSize * count != in.remaining())
            throw invalid("found " + in.remaining() + " bytes of SPIs, expected " + count + " x " + spiSize);
        List<Bytes> spis = new ArrayList<>(count);
        for (int i = 0; i < count; i++) spis.add(in.bytes(spiSize, "SPI " + i));
        return new DeletePayload(doi, protocolId, spiSize, spis);
    }

    @Override
    public PayloadType type() {
        return PayloadType.D;
    }

    @Override
    public int bodyLength() {
        return 8 + spiSize * spis.size();
    }

    @Override
    public void encodeTo(ByteBuffer out) {
        out.putInt(doi.value());
        out.put((byte) protocolId.value());
        out.put((byte) spiSize);
        out.putShort((short) spis.size());
        for (Bytes spi : spis) spi.writeTo(out);
    }

    private static MalformedMessageException invalid(String detail) {
        return new MalformedMessageException(NotifyType.PAYLOAD_MALFORMED, "D payload: " + detail);
    }
}
