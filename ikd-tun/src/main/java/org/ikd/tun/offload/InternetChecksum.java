package org.ikd.tun.offload;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * RFC 1071 Internet checksum: a one's-complement sum of 16-bit big-endian words, kept unfolded in an
 * int/long while summing (RFC 1071 §2 (B): deferred carries), and the pseudo-headers of RFC 793 §3.1
 * (IPv4) and RFC 8200 §8.1 (IPv6). IP header fields are read in place.
 */
final class InternetChecksum {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private InternetChecksum() {
    }

    /**
     * Adds the bytes {@code b[off..off+len)} to {@code sum} (an odd last byte is padded with zero).
     * Eight bytes at a time, as two 32-bit big-endian words: 2^16 is 1 modulo 2^16 - 1, so a 32-bit
     * word adds what its two 16-bit halves add once folded (RFC 1071 §2 (A), (C): any word size).
     * At most 2^33 per step, so a 64 KiB packet cannot overflow the long.
     */
    static long add(long sum, byte[] b, int off, int len) {
        int i = off;
        int end8 = off + (len & ~7);
        for (; i < end8; i += 8) {
            long w = (long) LONGS.get(b, i);
            sum += (w >>> 32) + (w & 0xffffffffL);
        }
        int end = off + (len & ~1);
        for (; i < end; i += 2) sum += (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
        if ((len & 1) != 0) sum += (b[off + len - 1] & 0xff) << 8;
        return sum;
    }


    /** Folds the carries into 16 bits (not complemented). */
    static int fold(long sum) {
        while ((sum >>> 16) != 0) sum = (sum & 0xffff) + (sum >>> 16);
        return (int) sum;
    }

    /**
     * The pseudo-header sum of the IP packet at {@code ip}: addresses, protocol and the upper-layer
     * length {@code length}, unfolded.
     */
    static long pseudoHeader(byte[] b, int ip, int protocol, int length) {
        boolean v6 = (b[ip] & 0xf0) == 0x60;
        long sum = v6 ? add(0, b, ip + 8, 32) : add(0, b, ip + 12, 8);    // RFC 8200 §8.1 / RFC 793 §3.1
        return sum + protocol + length;
    }

    /** Recomputes the IPv4 header checksum (RFC 791 §3.1) of the header at {@code ip}. */
    static void sealIpv4Header(byte[] b, int ip) {
        int ihl = (b[ip] & 0x0f) * 4;
        b[ip + 10] = 0;
        b[ip + 11] = 0;
        put16(b, ip + 10, ~fold(add(0, b, ip, ihl)));
    }

    static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    static int u16(byte[] b, int i) {
        return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
    }

    static int u32(byte[] b, int i) {
        return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
    }

    static void put32(byte[] b, int i, int v) {
        put16(b, i, v >>> 16);
        put16(b, i + 2, v);
    }
}
