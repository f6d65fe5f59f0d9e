package org.ikd.core.isakmp.payload;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.ikd.core.isakmp.doi.PayloadType;

/**
 * Proposal and transform payloads, which RFC 2408 §3.4-3.6 nests inside the SA payload: each has
 * its own generic header whose "Next Payload" is 2 (another proposal) or 3 (another transform)
 * or 0 (the last one), and the last one must end exactly where its parent ends.
 */
sealed interface NestedPayload permits ProposalPayload, TransformPayload {
    int bodyLength();

    void encodeTo(ByteBuffer out);

    /** Reads a nested chain that fills the rest of {@code in} (whose errors are BAD-PROPOSAL-SYNTAX). */
    static <T extends NestedPayload> List<T> decodeAll(WireReader in, PayloadType kind,
            Function<ByteBuffer, T> decoder) {
        List<T> items = new ArrayList<>();
        int next;
        do {
            String what = kind + " " + (items.size() + 1);
            next = in.u8(what + " next payload");
            in.reserved(1, what + " RESERVED");
            int length = in.u16(what + " payload length");
            if (length < 4 || length - 4 > in.remaining())
                throw in.fail("found " + what + " length " + length + ", expected 4.." + (4 + in.remaining()));
            ByteBuffer body = in.slice(length - 4, what);
            items.add(decoder.apply(body));
            if (body.hasRemaining())
                throw in.fail("found " + body.remaining() + " bytes after the content of " + what + ", expected 0");
            if (next != 0 && next != kind.value())
                throw in.fail("found next payload " + PayloadType.valueOf(next) + " after " + what + ", expected "
                        + kind + " or NONE");
        } while (next != 0);
        if (in.remaining() != 0)
            throw in.fail("found " + in.remaining() + " bytes after the last " + kind + ", expected 0");
        return items;
    }

    static int lengthOf(List<? extends NestedPayload> items) {
        int n = 0;
        for (NestedPayload p : items) n += 4 + p.bodyLength();
        return n;
    }

    static void encodeAll(List<? extends NestedPayload> items, PayloadType kind, ByteBuffer out) {
        for (int i = 0; i < items.size(); i++) {
            NestedPayload p = items.get(i);
            out.put((byte) (i + 1 < items.size() ? kind.value() : 0));
            out.put((byte) 0);
            out.putShort((short) (4 + p.bodyLength()));
            p.encodeTo(out);
        }
    }
}
