package org.ikd.core.isakmp.payload;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.isakmp.doi.ProtocolId;
import org.ikd.core.isakmp.error.MalformedMessageException;

/**
 * RFC 2408 §3.5 Proposal payload (inside an SA): proposal # (1), protocol ID (1), SPI size (1),
 * # of transforms (1), SPI, transforms. Proposals with equal numbers form one bundle (AH+ESP).
 * SPI sizes: ISAKMP 0 or 16 (RFC 2408 §2.4: the cookies), AH/ESP 4 (RFC 2407 §4.4), IPCOMP 2
 * or 4 (RFC 2407 §4.4.1: a CPI); others are kept as sent.
 */
public record ProposalPayload(int number, ProtocolId protocolId, Bytes spi, List<TransformPayload> transforms)
        implements NestedPayload {
    private static final Map<ProtocolId, Set<Integer>> SPI_SIZES = Map.of(
            ProtocolId.ISAKMP, Set.of(0, 16), ProtocolId.AH, Set.of(4), ProtocolId.ESP, Set.of(4),
            ProtocolId.IPCOMP, Set.of(2, 4));

    public ProposalPayload {
        Objects.requireNonNull(protocolId);
        if (number < 0 || number > 0xff) throw new IllegalArgumentException("proposal number " + number);
        transforms = List.copyOf(transforms);
        Set<Integer> sizes = SPI_SIZES.get(protocolId);
        if (sizes != null && !sizes.contains(spi.length()))
            throw new MalformedMessageException(NotifyType.INVALID_SPI, "PROPOSAL payload: found a "
                    + spi.length() + "-byte SPI for " + protocolId + ", expected " + sizes);
        if (spi.length() > 0xff) throw new IllegalArgumentException("SPI of " + spi.length() + " bytes");
        if (transforms.isEmpty() || transforms.size() > 0xff)
            throw new MalformedMessageException(NotifyType.BAD_PROPOSAL_SYNTAX,
                    "PROPOSAL payload: found " + transforms.size() + " transforms, expected 1..255");
        for (TransformPayload t : transforms)
            if (!t.transformId().protocol().equals(protocolId))
                throw new IllegalArgumentException(t.transformId() + " in a " + protocolId + " proposal");
    }

    public static ProposalPayload decode(ByteBuffer body) {
        WireReader in = new WireReader(body, "PROPOSAL payload", NotifyType.BAD_PROPOSAL_SYNTAX);
        int number = in.u8("proposal number");
        ProtocolId protocolId = ProtocolId.valueOf(in.u8("protocol ID"));
        int spiSize = in.u8("SPI size");
        int count = in.u8("number of transforms");
        Bytes spi = in.bytes(spiSize, "SPI");
        List<TransformPayload> transforms =
                NestedPayload.decodeAll(in, PayloadType.TRANSFORM, b -> TransformPayload.decode(protocolId, b));
        if (transforms.size() != count)
            throw in.fail("found " + transforms.size() + " transforms, expected " + count + " (# of transforms)");
        return new ProposalPayload(number, protocolId, spi, transforms);
    }

    @Override
    public int bodyLength() {
        return 4 + spi.length() + NestedPayload.lengthOf(transforms);
    }

    @Override
    public void encodeTo(ByteBuffer out) {
        out.put((byte) number);
        out.put((byte) protocolId.value());
        out.put((byte) spi.length());
        out.put((byte) transforms.size());
        spi.writeTo(out);
        NestedPayload.encodeAll(transforms, PayloadType.TRANSFORM, out);
    }
}
