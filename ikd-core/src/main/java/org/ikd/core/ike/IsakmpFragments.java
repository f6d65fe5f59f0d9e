package org.ikd.core.ike;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.isakmp.payload.FragmentPayload;

/**
 * The wire form of IKEv1 fragments (Cisco's extension, as strongSwan's message.c writes them): each
 * fragment is a message of its own, the original's cookies, message ID 0, exchange type Main Mode
 * (Aggressive Mode for an Aggressive Mode message), no flags, and one FRAGMENT payload (132) carrying
 * a slice of the whole original message, header and encrypted body included.
 */
final class IsakmpFragments {
    /** RFC 2408 §3.1 / §3.2. */
    private static final int HEADER = 28, GENERIC = 4, FRAGMENT_HEADER = 8;
    private static final int MAIN_MODE = 2, AGGRESSIVE = 4;

    /** One received fragment: the cookies its header names and its payload. */
    record Fragment(Bytes cookies, FragmentPayload payload) {}

    private IsakmpFragments() {}

    /** True when the first payload of {@code message} is a FRAGMENT (RFC 2408 §3.1: Next Payload). */
    static boolean isFragment(Bytes message) {
        return message.length() >= HEADER && message.getUnsigned(16) == PayloadType.FRAGMENT.value();
    }

    /** Cuts {@code message} into fragment messages carrying at most {@code dataPerFragment} bytes each. */
    static List<Bytes> split(Bytes message, int fragmentId, int dataPerFragment) {
        if (dataPerFragment < 1) throw new IllegalArgumentException("fragment data " + dataPerFragment + " (expected: >= 1)");
        int count = (message.length() + dataPerFragment - 1) / dataPerFragment;
        if (count > 255) throw new IllegalArgumentException("message of " + message.length() + " bytes needs "
                + count + " fragments of " + dataPerFragment + " (expected: <= 255)");
        int exchange = message.getUnsigned(18) == AGGRESSIVE ? AGGRESSIVE : MAIN_MODE;
        List<Bytes> out = new ArrayList<>(count);
        for (int n = 1; n <= count; n++) {
            int from = (n - 1) * dataPerFragment;
            Bytes slice = message.slice(from, Math.min(from + dataPerFragment, message.length()));
            FragmentPayload p = new FragmentPayload(fragmentId & 0xffff, n, n == count, slice);
            ByteBuffer b = ByteBuffer.allocate(HEADER + GENERIC + p.bodyLength());
            message.slice(0, 16).writeTo(b);                            // initiator and responder cookies
            b.put((byte) PayloadType.FRAGMENT.value()).put((byte) 0x10).put((byte) exchange).put((byte) 0);
            b.putInt(0).putInt(b.capacity());                           // message ID 0, length
            b.put((byte) 0).put((byte) 0).putShort((short) (GENERIC + p.bodyLength()));
            p.encodeTo(b);
            out.add(Bytes.of(b.array()));
        }
        return out;
    }

    /** Reads a fragment message; refuses anything but exactly one well-formed FRAGMENT payload. */
    static Fragment parse(Bytes message) {
        if (!isFragment(message)) throw new IllegalArgumentException("not a FRAGMENT message");
        long length = (long) message.getUnsigned(24) << 24 | message.getUnsigned(25) << 16
                | message.getUnsigned(26) << 8 | message.getUnsigned(27);
        if (length != message.length())
            throw new IllegalArgumentException("fragment message says " + length + " bytes, datagram has " + message.length());
        if (message.length() < HEADER + FRAGMENT_HEADER + 1)
            throw new IllegalArgumentException("fragment message of " + message.length() + " bytes (expected: >= 37)");
        int next = message.getUnsigned(HEADER);
        int payloadLength = message.getUnsigned(HEADER + 2) << 8 | message.getUnsigned(HEADER + 3);
        if (next != 0 || payloadLength != message.length() - HEADER)
            throw new IllegalArgumentException("FRAGMENT payload: next payload " + next + ", length " + payloadLength
                    + " (expected: the only payload, 0 and " + (message.length() - HEADER) + ")");
        ByteBuffer body = ByteBuffer.wrap(message.slice(HEADER + GENERIC, message.length()).toArray());
        return new Fragment(message.slice(0, 16), FragmentPayload.decode(body));
    }
}
