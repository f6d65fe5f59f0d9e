package org.ikd.core.isakmp.payload;

import java.nio.ByteBuffer;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.PayloadType;

/**
 * A top-level ISAKMP payload: everything after its 4-byte generic header (RFC 2408 §3.2), which
 * {@link PayloadCodec} reads and writes. Each record has {@code static X decode(ByteBuffer body)}
 * that consumes the whole body. Proposals and transforms live inside the SA payload, not here.
 */
public sealed interface Payload permits SecurityAssociationPayload, KeyExchangePayload, IdentificationPayload,
        CertificatePayload, CertificateRequestPayload, HashPayload, SignaturePayload, NoncePayload,
        NotificationPayload, DeletePayload, VendorIdPayload, NatDiscoveryPayload, NatOriginalAddressPayload,
        FragmentPayload, GssTokenPayload, AttributePayload, UnknownPayload {

    /** The number that announces this payload in the previous "Next Payload" field. */
    PayloadType type();

    /** Bytes {@link #encodeTo} writes: the payload length minus the generic header. */
    int bodyLength();

    /** Writes the body (not the generic header). */
    void encodeTo(ByteBuffer out);

    /** The body as bytes, e.g. SAi_b and IDii_b for HASH_I (RFC 2409 §5). */
    default Bytes encodeBody() {
        ByteBuffer out = ByteBuffer.allocate(bodyLength());
        encodeTo(out);
        return Bytes.of(out.array());
    }
}
