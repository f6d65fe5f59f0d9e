package org.ikd.core.isakmp.payload;

import java.nio.ByteBuffer;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.isakmp.error.MalformedMessageException;

/** RFC 2408 §3.16: Vendor ID payload; the bytes are usually an MD5 hash of a vendor string. */
public record VendorIdPayload(Bytes vendorId) implements Payload {
    public VendorIdPayload {
        if (vendorId.isEmpty())
            throw new MalformedMessageException(NotifyType.PAYLOAD_MALFORMED,
                    "VID payload: found no data, expected at least 1 byte");
    }

    public static VendorIdPayload decode(ByteBuffer body) {
        return new VendorIdPayload(new WireReader(body, "VID payload").rest());
    }

    @Override
    public PayloadType type() {
        return PayloadType.VID;
    }

    @Override
    public int bodyLength() {
        return vendorId.length();
    }

    @Override
    public void encodeTo(ByteBuffer out) {
        vendorId.writeTo(out);
    }
}
