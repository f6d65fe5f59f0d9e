package org.ikd.core.isakmp.payload;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.isakmp.error.MalformedMessageException;

/**
 * Walks a chain of payloads (RFC 2408 §3.2 generic header: next payload (1), RESERVED (1) = 0,
 * payload length (2) including the header). The first type comes from the ISAKMP header; the
 * chain ends at next payload NONE. Each body is handed to its record's {@code decode}, which must
 * consume all of it. Types ikd does not know become {@link UnknownPayload}s; PROPOSAL and
 * TRANSFORM outside an SA payload are INVALID-PAYLOAD-TYPE.
 */
public final class PayloadCodec {
    public static final int GENERIC_HEADER_LENGTH = 4;
    public static final int MAX_PAYLOAD_LENGTH = 0xffff;

    private static final Map<PayloadType, Function<ByteBuffer, Payload>> DECODERS = Map.ofEntries(
            Map.entry(PayloadType.SA, SecurityAssociationPayload::decode),
            Map.entry(PayloadType.KE, KeyExchangePayload::decode),
            Map.entry(PayloadType.ID, IdentificationPayload::decode),
            Map.entry(PayloadType.CERT, CertificatePayload::decode),
            Map.entry(PayloadType.CR, CertificateRequestPayload::decode),
            Map.entry(PayloadType.HASH, HashPayload::decode),
            Map.entry(PayloadType.SIG, SignaturePayload::decode),
            Map.entry(PayloadType.NONCE, NoncePayload::decode),
            Map.entry(PayloadType.N, NotificationPayload::decode),
            Map.entry(PayloadType.D, DeletePayload::decode),
            Map.entry(PayloadType.VID, VendorIdPayload::decode),
            Map.entry(PayloadType.ATTRIBUTE, AttributePayload::decode),
            Map.entry(PayloadType.NAT_D, b -> NatDiscoveryPayload.decode(PayloadType.NAT_D, b)),
            Map.entry(PayloadType.NAT_D_DRAFT, b -> NatDiscoveryPayload.decode(PayloadType.NAT_D_DRAFT, b)),
            Map.entry(PayloadType.NAT_OA, b -> NatOriginalAddressPayload.decode(PayloadType.NAT_OA, b)),
            Map.entry(PayloadType.NAT_OA_DRAFT, b -> NatOriginalAddressPayload.decode(PayloadType.NAT_OA_DRAFT, b)),
            Map.entry(PayloadType.GSS, GssTokenPayload::decode),
            Map.entry(PayloadType.FRAGMENT, FragmentPayload::decode));

    private PayloadCodec() {
    }

    /**
     * Decodes the chain starting with {@code first} from {@code in}'s position. After the last
     * payload at most {@code maxTrailing} bytes may remain (0 for cleartext; encryption padding
     * otherwise); they are skipped, never parsed. Leaves {@code in} at its limit.
     */
    public static List<Payload> decodeChain(PayloadType first, ByteBuffer in, int maxTrailing) {
        WireReader reader = new WireReader(in, "payload chain");
        List<Payload> payloads = new ArrayList<>();
        PayloadType type = first;
        while (!type.equals(PayloadType.NONE)) {
            String what = type + " payload (#" + (payloads.size() + 1) + ")";
            if (type.equals(PayloadType.PROPOSAL) || type.equals(PayloadType.TRANSFORM))
                throw reader.fail(NotifyType.INVALID_PAYLOAD_TYPE,
                        "found " + what + " at the top level, expected it inside an SA payload");
            int next = reader.u8(what + " next payload");
            reader.reserved(1, what + " RESERVED");
            int length = reader.u16(what + " length");
            if (length < GENERIC_HEADER_LENGTH || length - GENERIC_HEADER_LENGTH > reader.remaining())
                throw reader.fail("found " + what + " length " + length + ", expected 4.."
                        + (GENERIC_HEADER_LENGTH + reader.remaining()));
            payloads.add(decodeBody(type, reader.slice(length - GENERIC_HEADER_LENGTH, what)));
            type = PayloadType.valueOf(next);
        }
        if (reader.remaining() > maxTrailing)
            throw reader.fail(NotifyType.UNEQUAL_PAYLOAD_LENGTHS, "found " + reader.remaining()
                    + " bytes after the last payload, expected " + (maxTrailing == 0 ? "0" : "at most " + maxTrailing));
        in.position(in.limit());
        return payloads;
    }

    /** Decodes one body (without its generic header); all of it must belong to the payload. */
    public static Payload decodeBody(PayloadType type, ByteBuffer body) {
        Function<ByteBuffer, Payload> decoder = DECODERS.get(type);
        Payload payload = decoder != null ? decoder.apply(body) : UnknownPayload.decode(type, body);
        if (body.hasRemaining())
            throw new MalformedMessageException(NotifyType.PAYLOAD_MALFORMED,
                    type + " payload: found " + body.remaining() + " bytes after its content, expected 0");
        return payload;
    }

    /** Bytes {@link #encodeChain} writes. */
    public static int lengthOf(List<? extends Payload> payloads) {
        int n = 0;
        for (Payload p : payloads) n += GENERIC_HEADER_LENGTH + p.bodyLength();
        return n;
    }

    /** Writes the payloads with generic headers that chain each to the next and the last to NONE. */
    public static void encodeChain(List<? extends Payload> payloads, ByteBuffer out) {
        for (int i = 0; i < payloads.size(); i++) {
            Payload p = payloads.get(i);
            int length = GENERIC_HEADER_LENGTH + p.bodyLength();
            if (length > MAX_PAYLOAD_LENGTH)
                throw new IllegalStateException(p.type() + " payload of " + length + " bytes exceeds 65535");
            out.put((byte) (i + 1 < payloads.size() ? payloads.get(i + 1).type().value() : 0));
            out.put((byte) 0);
            out.putShort((short) length);
            int start = out.position();
            p.encodeTo(out);
            if (out.position() - start != p.bodyLength())
                throw new IllegalStateException(p.type() + " wrote " + (out.position() - start) + " bytes, not "
                        + p.bodyLength());
        }
    }
}
