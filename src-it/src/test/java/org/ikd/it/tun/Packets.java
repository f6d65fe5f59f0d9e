package org.ikd.it.tun;

/** Reading and building the few IPv4 packets the tests need (RFC 791, RFC 792), written independently of ikd. */
final class Packets {
    private Packets() {
    }

    static int protocol(byte[] p) {
        return p[9] & 0xff;
    }

    static boolean isIpv4(byte[] p, int len) {
        return len >= 20 && (p[0] & 0xf0) == 0x40;
    }

    static boolean hasDestination(byte[] p, byte[] address) {
        for (int i = 0; i < 4; i++) if (p[16 + i] != address[i]) return false;
        return true;
    }

    /** RFC 791 §3.1: the one's complement of the one's complement sum of 16-bit words. */
    static int checksum(byte[] b, int off, int len) {
        long sum = 0;
        for (int i = 0; i + 1 < len; i += 2) sum += ((b[off + i] & 0xff) << 8) | (b[off + i + 1] & 0xff);
        if ((len & 1) != 0) sum += (b[off + len - 1] & 0xff) << 8;
        while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
        return (int) (~sum & 0xffff);
    }

    static void putChecksum(byte[] b, int at, int value) {
        b[at] = (byte) (value >> 8);
        b[at + 1] = (byte) value;
    }

    /** RFC 792: an echo request (type 8) in place becomes its echo reply (type 0), addresses swapped. */
    static boolean turnEchoRequestIntoReply(byte[] p, int len) {
        if (!isIpv4(p, len) || protocol(p) != 1) return false;
        int ihl = (p[0] & 0x0f) * 4;
        if (len < ihl + 8 || p[ihl] != 8) return false;
        for (int i = 0; i < 4; i++) {
            byte t = p[12 + i];
            p[12 + i] = p[16 + i];
            p[16 + i] = t;
        }
        putChecksum(p, 10, 0);
        putChecksum(p, 10, checksum(p, 0, ihl));
        p[ihl] = 0;
        putChecksum(p, ihl + 2, 0);
        putChecksum(p, ihl + 2, checksum(p, ihl, len - ihl));
        return true;
    }

    /** An IPv4 packet with the given header fields around {@code payload}, checksum filled in. */
    static byte[] ipv4(int id, int ttl, int protocol, byte[] src, byte[] dst, byte[] payload) {
        byte[] p = new byte[20 + payload.length];
        p[0] = 0x45;
        p[2] = (byte) (p.length >> 8);
        p[3] = (byte) p.length;
        p[4] = (byte) (id >> 8);
        p[5] = (byte) id;
        p[6] = 0x40;                                  // DF
        p[8] = (byte) ttl;
        p[9] = (byte) protocol;
        System.arraycopy(src, 0, p, 12, 4);
        System.arraycopy(dst, 0, p, 16, 4);
        putChecksum(p, 10, checksum(p, 0, 20));
        System.arraycopy(payload, 0, p, 20, payload.length);
        return p;
    }
}
