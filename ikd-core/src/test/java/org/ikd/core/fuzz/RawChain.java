package org.ikd.core.fuzz;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A payload chain as raw bytes, walked by the generic headers alone (RFC 2408 §3.2): lets a fuzz
 * target put a correct HASH into whatever the fuzzer made without decoding the rest. Bytes the
 * walk cannot place (a bad length, trailing bytes) stay as they are.
 */
record RawChain(int firstType, byte[] bytes, List<Span> spans) {
    /** One payload: its type and where its generic header and body start and end. */
    record Span(int type, int start, int end) {
        int bodyStart() {
            return start + 4;
        }
    }

    static RawChain walk(int firstType, byte[] bytes) {
        List<Span> spans = new ArrayList<>();
        int type = firstType;
        int at = 0;
        while (type != 0 && at + 4 <= bytes.length && spans.size() < 64) {
            int length = (bytes[at + 2] & 0xff) << 8 | (bytes[at + 3] & 0xff);
            if (length < 4 || at + length > bytes.length) break;
            spans.add(new Span(type, at, at + length));
            type = bytes[at] & 0xff;
            at += length;
        }
        return new RawChain(firstType, bytes, List.copyOf(spans));
    }

    /** The first payload of {@code type}, or null. */
    Span first(int type) {
        return spans.stream().filter(s -> s.type() == type).findFirst().orElse(null);
    }

    byte[] body(Span s) {
        return Arrays.copyOfRange(bytes, s.bodyStart(), s.end());
    }

    /** Everything after {@code s}: what the phase-2 hashes cover when HASH comes first (RFC 2409 §5.5). */
    byte[] after(Span s) {
        return Arrays.copyOfRange(bytes, s.end(), bytes.length);
    }

    /** The chain with the body of {@code s} replaced by {@code body} (and its length field set to match). */
    byte[] withBody(Span s, byte[] body) {
        ByteBuffer out = ByteBuffer.allocate(bytes.length - (s.end() - s.bodyStart()) + body.length);
        out.put(bytes, 0, s.start());
        out.put(bytes[s.start()]).put(bytes[s.start() + 1]).putShort((short) (4 + body.length));
        out.put(body);
        out.put(bytes, s.end(), bytes.length - s.end());
        return out.array();
    }
}
