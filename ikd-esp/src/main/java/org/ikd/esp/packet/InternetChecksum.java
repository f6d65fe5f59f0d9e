package org.ikd.esp.packet;

/**
 * The Internet checksum: RFC 1071 (one's complement sum of 16-bit words) and RFC 1624
 * (incremental update, eqn. 3: HC' = ~(~HC + ~m + m')).
 */
public final class InternetChecksum {
    private InternetChecksum() {}

    /** One's complement sum of {@code len} bytes (odd length padded with a zero byte), added to {@code initial}. */
    public static long sum(byte[] b, int off, int len, long initial) {
        long s = initial;
        int i = off;
        int end = off + len;
        for (; i + 4 <= end; i += 4) s += NetworkOrder.u32(b, i);
        if (i + 2 <= end) {
            s += NetworkOrder.u16(b, i);
            i += 2;
        }
        if (i < end) s += (b[i] & 0xff) << 8;
        return s;
    }

    /** Folds a sum to 16 bits (not complemented). */
    public static int fold(long sum) {
        long s = sum;
        while ((s >>> 16) != 0) s = (s & 0xffff) + (s >>> 16);
        return (int) s;
    }

    /** The checksum field value for {@code len} bytes. */
    public static int compute(byte[] b, int off, int len) {
        return ~fold(sum(b, off, len, 0)) & 0xffff;
    }

    /** RFC 1624 eqn. 3 for a 16-bit word changing from {@code oldWord} to {@code newWord}. */
    public static int update16(int checksum, int oldWord, int newWord) {
        long s = (~checksum & 0xffff) + (~oldWord & 0xffff) + (newWord & 0xffff);
        return ~fold(s) & 0xffff;
    }

    /** RFC 1624 eqn. 3 for a 32-bit field (two words), e.g. an IPv4 address. */
    public static int update32(int checksum, int oldValue, int newValue) {
        long s = (~checksum & 0xffff)
                + (~(oldValue >>> 16) & 0xffff) + (~oldValue & 0xffff)
                + ((newValue >>> 16) & 0xffff) + (newValue & 0xffff);
        return ~fold(s) & 0xffff;
    }

    /**
     * The TCP/UDP checksum over an IPv4 pseudo-header (RFC 793 §3.1, RFC 768) and the segment at
     * {@code l4}; the checksum field inside the segment must be zero or excluded by the caller.
     */
    public static int transportV4(byte[] b, int src, int dst, int protocol, int l4, int l4Length) {
        long s = (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + l4Length;
        return ~fold(sum(b, l4, l4Length, s)) & 0xffff;
    }
}
