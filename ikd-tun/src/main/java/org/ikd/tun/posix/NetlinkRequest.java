package org.ikd.tun.posix;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One netlink message being built (linux/netlink.h): {@code struct nlmsghdr} (length, type, flags,
 * sequence, port id), a family header written field by field, then 4-byte aligned
 * {@code struct rtattr}s (length, type, value). Host byte order, as the kernel expects.
 */
final class NetlinkRequest {
    static final int NLMSG_HDRLEN = 16;
    private static final int NLA_ALIGNTO = 4;

    private final String description;
    private ByteBuffer buf = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());

    NetlinkRequest(int type, int flags, String description) {
        this.description = description;
        buf.putInt(0).putShort((short) type).putShort((short) flags).putInt(0).putInt(0);  // length, seq: at encode
    }

    /** What the request does, for error messages: "RTM_NEWROUTE 198.18.5.0/24 dev #7 table 220". */
    String description() {
        return description;
    }

    int type() {
        return buf.getShort(4) & 0xffff;
    }

    int flags() {
        return buf.getShort(6) & 0xffff;
    }

    NetlinkRequest u8(int value) {
        room(1).put((byte) value);
        return this;
    }

    NetlinkRequest u16(int value) {
        room(2).putShort((short) value);
        return this;
    }

    NetlinkRequest u32(int value) {
        room(4).putInt(value);
        return this;
    }

    /** Copies a received message's payload (family header and attributes) as this request's body. */
    NetlinkRequest body(ByteBuffer payload) {
        room(payload.remaining()).put(payload.duplicate());
        return pad();
    }

    NetlinkRequest attribute(int type, byte[] value) {
        room(4 + value.length + NLA_ALIGNTO).putShort((short) (4 + value.length)).putShort((short) type).put(value);
        return pad();
    }

    NetlinkRequest attributeU32(int type, int value) {
        room(8).putShort((short) 8).putShort((short) type).putInt(value);
        return this;
    }

    /** A NUL-terminated string attribute (IFLA_IFNAME). */
    NetlinkRequest attributeString(int type, String value) {
        byte[] ascii = value.getBytes(StandardCharsets.US_ASCII);
        return attribute(type, Arrays.copyOf(ascii, ascii.length + 1));
    }

    /** The finished message with its length and sequence number filled in. */
    byte[] encode(int sequence) {
        byte[] out = Arrays.copyOf(buf.array(), buf.position());
        ByteBuffer.wrap(out).order(ByteOrder.nativeOrder()).putInt(0, out.length).putInt(8, sequence);
        return out;
    }

    private NetlinkRequest pad() {
        while (buf.position() % NLA_ALIGNTO != 0) buf.put((byte) 0);
        return this;
    }

    private ByteBuffer room(int bytes) {
        if (buf.remaining() < bytes) {
            ByteBuffer grown = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + bytes)).order(ByteOrder.nativeOrder());
            buf.flip();
            grown.put(buf);
            buf = grown;
        }
        return buf;
    }

    @Override
    public String toString() {
        return description;
    }
}
