package org.ikd.core.isakmp.payload;

import java.nio.ByteBuffer;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.error.MalformedMessageException;

/**
 * Reads the fields of one payload body from a buffer, turning every shortfall into a
 * {@link MalformedMessageException} that names the structure and field (never a
 * {@code BufferUnderflowException}).
 */
final class WireReader {
    private final ByteBuffer in;
    private final String structure;
    private final NotifyType error;

    WireReader(ByteBuffer in, String structure, NotifyType error) {
        this.in = in;
        this.structure = structure;
        this.error = error;
    }

    WireReader(ByteBuffer in, String structure) {
        this(in, structure, NotifyType.PAYLOAD_MALFORMED);
    }

    int remaining() {
        return in.remaining();
    }

    int u8(String field) {
        need(1, field);
        return in.get() & 0xff;
    }

    int u16(String field) {
        need(2, field);
        return in.getShort() & 0xffff;
    }

    /** Four bytes as the bits of an unsigned 32-bit value. */
    int u32(String field) {
        need(4, field);
        return in.getInt();
    }

    Bytes bytes(int length, String field) {
        need(length, field);
        return Bytes.read(in, length);
    }

    /** Everything up to the end of the body. */
    Bytes rest() {
        return Bytes.read(in, in.remaining());
    }

    /** A view of the next {@code length} bytes, advancing past them. */
    ByteBuffer slice(int length, String field) {
        need(length, field);
        ByteBuffer s = in.slice(in.position(), length);
        in.position(in.position() + length);
        return s;
    }

    /** RESERVED fields: RFC 2408 §3 says they "MUST be set to 0"; ikd rejects anything else. */
    void reserved(int length, String field) {
        need(length, field);
        for (int i = 0; i < length; i++) {
            int b = in.get() & 0xff;
            if (b != 0) throw fail("found " + field + " byte " + i + " = 0x" + Integer.toHexString(b) + ", expected 0");
        }
    }

    MalformedMessageException fail(String detail) {
        return fail(error, detail);
    }

    MalformedMessageException fail(NotifyType type, String detail) {
        return new MalformedMessageException(type, structure + ": " + detail);
    }

    private void need(int length, String field) {
        if (in.remaining() < length)
            throw fail("found " + in.remaining() + " bytes for " + field + ", expected " + length);
    }
}
