package org.ikd.tun.offload;

/**
 * Hand-built IPv4/IPv6 TCP packets for the offload tests, and a plain RFC 1071 checksum written here
 * independently of {@code InternetChecksum} (RFC 1071 §4.1's C routine, in Java).
 */
final class TestPackets {
    static final int ACK = 0x10;
    static final int PSH = 0x08;
    static final int FIN = 0x01;
    static final int CWR = 0x80;
    static final int SYN = 0x02;

    private TestPackets() {
    }

    /** RFC 1071 §4.1: sum 16-bit words, add the odd byte, fold, complement. */
    static int rfc1071(byte[] b, int off, int len) {
        long sum = 0;
        int i = off;
        int count = len;
        while (count > 1) {
            sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
            i += 2;
            count -= 2;
        }
        if (count > 0) sum += (b[i] & 0xff) << 8;
        while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
        return (int) (~sum & 0xffff);
    }

    /** The TCP checksum of the packet at {@code off} with an IP header of {@code ipLen} (its field as stored is included). */
    static int tcpChecksumOver(byte[] pkt, int off, int len, int ipLen) {
        int tcpLen = len - ipLen;
        boolean v6 = (pkt[off] & 0xf0) == 0x60;
        int addrLen = v6 ? 32 : 8;
        byte[] p = new byte[addrLen + 12 + tcpLen];
        System.arraycopy(pkt, off + (v6 ? 8 : 12), p, 0, addrLen);
        // RFC 793 §3.1 pseudo-header: zero, protocol, TCP length; RFC 8200 §8.1: 32-bit length, 3 zeros, next header
        p[addrLen + 2] = (byte) (tcpLen >>> 8);
        p[addrLen + 3] = (byte) tcpLen;
        p[addrLen + 7] = 6;
        System.arraycopy(pkt, off + ipLen, p, addrLen + 12, tcpLen);
        return rfc1071(p, 0, p.length);
    }

    /** The pseudo-header's one's-complement sum, folded, not complemented (what CHECKSUM_PARTIAL stores). */
    static int pseudoHeaderSum(byte[] pkt, int off, int len, int ipLen) {
        boolean v6 = (pkt[off] & 0xf0) == 0x60;
        int addrLen = v6 ? 32 : 8;
        byte[] p = new byte[addrLen + 8];
        System.arraycopy(pkt, off + (v6 ? 8 : 12), p, 0, addrLen);
        int tcpLen = len - ipLen;
        p[addrLen + 2] = (byte) (tcpLen >>> 8);
        p[addrLen + 3] = (byte) tcpLen;
        p[addrLen + 7] = 6;
        return ~rfc1071(p, 0, p.length) & 0xffff;
    }

    static int u16(byte[] b, int i) {
        return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
    }

    static long u32(byte[] b, int i) {
        return ((long) u16(b, i) << 16) | u16(b, i + 2);
    }

    static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    /**
     * An IPv4 (198.18.0.1 -> 198.18.0.2, DF, TTL 64, id {@code id}) or IPv6 (2001:db8::1 -> ::2, hop 64)
     * TCP packet 40000 -> 5201 with a 12-byte timestamp option, payload bytes {@code (seq + k) & 0xff},
     * and complete, valid checksums.
     */
    static byte[] tcp(boolean v6, long seq, int flags, int payload, int id) {
        int ipLen = v6 ? 40 : 20;
        int tcpLen = 32;
        int len = ipLen + tcpLen + payload;
        byte[] p = new byte[len];
        if (v6) {
            p[0] = 0x60;
            put16(p, 4, tcpLen + payload);
            p[6] = 6;
            p[7] = 64;
            p[8] = 0x20; p[9] = 0x01; p[10] = 0x0d; p[11] = (byte) 0xb8; p[23] = 1;
            p[24] = 0x20; p[25] = 0x01; p[26] = 0x0d; p[27] = (byte) 0xb8; p[39] = 2;
        } else {
            p[0] = 0x45;
            put16(p, 2, len);
            put16(p, 4, id);
            put16(p, 6, 0x4000);
            p[8] = 64;
            p[9] = 6;
            p[12] = (byte) 198; p[13] = 18; p[14] = 0; p[15] = 1;
            p[16] = (byte) 198; p[17] = 18; p[18] = 0; p[19] = 2;
            put16(p, 10, rfc1071(p, 0, 20));
        }
        int t = ipLen;
        put16(p, t, 40000);
        put16(p, t + 2, 5201);
        put16(p, t + 4, (int) (seq >>> 16));
        put16(p, t + 6, (int) seq);
        put16(p, t + 8, 0x1234);
        put16(p, t + 10, 0x5678);
        p[t + 12] = (byte) 0x80;                              // data offset 8 words
        p[t + 13] = (byte) flags;
        put16(p, t + 14, 501);
        p[t + 20] = 1; p[t + 21] = 1; p[t + 22] = 8; p[t + 23] = 10;   // NOP NOP TS(10)
        p[t + 24] = 0; p[t + 25] = 0; p[t + 26] = 0x10; p[t + 27] = 0x20;
        p[t + 31] = 0x30;
        for (int k = 0; k < payload; k++) p[t + tcpLen + k] = (byte) (seq + k);
        put16(p, t + 16, tcpChecksumOver(p, 0, len, ipLen));
        return p;
    }

    /** {@code header} then {@code packet} in one array. */
    static byte[] withHeader(byte[] header, byte[] packet) {
        byte[] b = new byte[header.length + packet.length];
        System.arraycopy(header, 0, b, 0, header.length);
        System.arraycopy(packet, 0, b, header.length, packet.length);
        return b;
    }

    /** virtio_net_hdr little-endian, written field by field from linux/virtio_net.h. */
    static byte[] vnet(int flags, int gsoType, int hdrLen, int gsoSize, int csumStart, int csumOffset) {
        return new byte[] {(byte) flags, (byte) gsoType, (byte) hdrLen, (byte) (hdrLen >>> 8), (byte) gsoSize,
                (byte) (gsoSize >>> 8), (byte) csumStart, (byte) (csumStart >>> 8), (byte) csumOffset, (byte) (csumOffset >>> 8)};
    }
}
