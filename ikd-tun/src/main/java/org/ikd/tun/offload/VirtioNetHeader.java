package org.ikd.tun.offload;

/**
 * {@code struct virtio_net_hdr} (virtio 1.1 §5.1.6, linux/virtio_net.h), the 10 bytes that lead every
 * packet read from or written to a TUN opened with {@code IFF_VNET_HDR}: u8 flags, u8 gso_type,
 * u16 hdr_len, u16 gso_size, u16 csum_start, u16 csum_offset, little-endian (TUNSETVNETLE is not
 * used; x86-64 and arm64 are little-endian). Static accessors over a caller's array: nothing is allocated.
 */
public final class VirtioNetHeader {
    public static final int LENGTH = 10;
    /** The checksum from csum_start to the end is still to be computed (CHECKSUM_PARTIAL). */
    public static final int F_NEEDS_CSUM = 1;
    public static final int F_DATA_VALID = 2;
    public static final int GSO_NONE = 0;
    public static final int GSO_TCPV4 = 1;
    public static final int GSO_TCPV6 = 4;
    public static final int GSO_ECN = 0x80;

    private VirtioNetHeader() {
    }

    public static int flags(byte[] b, int off) {
        return b[off] & 0xff;
    }

    /** The GSO type without the ECN bit. */
    public static int gsoType(byte[] b, int off) {
        return b[off + 1] & 0x7f;
    }

    public static int headerLength(byte[] b, int off) {
        return u16(b, off + 2);
    }

    public static int gsoSize(byte[] b, int off) {
        return u16(b, off + 4);
    }

    public static int checksumStart(byte[] b, int off) {
        return u16(b, off + 6);
    }

    public static int checksumOffset(byte[] b, int off) {
        return u16(b, off + 8);
    }

    /** Writes a whole header at {@code b[off..off+10)}. */
    public static void encode(byte[] b, int off, int flags, int gsoType, int headerLength, int gsoSize,
                              int checksumStart, int checksumOffset) {
        b[off] = (byte) flags;
        b[off + 1] = (byte) gsoType;
        put16(b, off + 2, headerLength);
        put16(b, off + 4, gsoSize);
        put16(b, off + 6, checksumStart);
        put16(b, off + 8, checksumOffset);
    }

    /** A header of zeros: one whole packet with a complete checksum. */
    public static void encodePlain(byte[] b, int off) {
        encode(b, off, 0, GSO_NONE, 0, 0, 0, 0);
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
    }

    private static void put16(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
    }
}
