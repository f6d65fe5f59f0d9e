package org.ikd.core.isakmp.payload;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.isakmp.error.MalformedMessageException;

/**
 * IKEv1 fragment payload (type 132, the Cisco format strongSwan implements in
 * {@code encoding/payloads/fragment_payload.c}): fragment ID (2), fragment number (1, from 1),
 * flags (1; bit 0 = last fragment, other bits must be 0), fragment data.
 */
public record FragmentPayload(int fragmentId, int number, boolean last, Bytes data) implements Payload {
    private static final int LAST_FRAGMENT = 0x01;

    public FragmentPayload {
        Objects.requireNonNull(data);
        if (fragmentId < 0 || fragmentId > 0xffff) throw new IllegalArgumentException("fragment ID " + fragmentId);
        if (number < 1 || number > 0xff)                       // strongSwan's verify(): number 0 is invalid
            throw new MalformedMessageException(NotifyType.PAYLOAD_MALFORMED,
                    "FRAGMENT payload: found fragment number " + number + ", expected 1..255");
    }

    public static FragmentPayload decode(ByteBuffer body) {
        WireReader in = new WireReader(body, "FRAGMENT payload");
        int fragmentId = in.u16("fragment ID");
        int number = in.u8("fragment number");
        int flags = in.u8("flags");
        if ((flags & ~LAST_FRAGMENT) != 0)
            throw in.fail("found flags 0x" + Integer.toHexString(flags) + ", expected 0x00 or 0x01");
        return new FragmentPayload(fragmentId, number, flags == LAST_FRAGMENT, in.rest());
    }

    @Override
    public PayloadType type() {
        return PayloadType.FRAGMENT;
    }

    @Override
    public int bodyLength() {
        return 4 + data.length();
    }

    @Override
    public void encodeTo(ByteBuffer out) {
        out.putShort((short) fragmentId);
        out.put((byte) number);
        out.put((byte) (last ? LAST_FRAGMENT : 0));
        data.writeTo(out);
    }
}
