package org.ikd.esp;

import org.ikd.esp.packet.InternetChecksum;
import org.ikd.esp.packet.NetworkOrder;

/** Builds well-formed inner packets for tests (checksums included). */
public final class Packets {
    private Packets() {}

    public static int v4(String dotted) {
        String[] p = dotted.split("\\.");
        return Integer.parseInt(p[0]) << 24 | Integer.parseInt(p[1]) << 16 | Integer.parseInt(p[2]) << 8 | Integer.parseInt(p[3]);
    }

    /** IPv4/UDP with {@code payload} bytes of a counting pattern. */
    public static byte[] udp(String src, String dst, int sport, int dport, int payload) {
        byte[] p = new byte[28 + payload];
        header(p, 17, src, dst, 0);
        NetworkOrder.put16(p, 20, sport);
        NetworkOrder.put16(p, 22, dport);
        NetworkOrder.put16(p, 24, 8 + payload);
        for (int i = 0; i < payload; i++) p[28 + i] = (byte) (i * 31 + 7);
        NetworkOrder.put16(p, 26, InternetChecksum.transportV4(p, v4(src), v4(dst), 17, 20, 8 + payload));
        return p;
    }

    /** IPv4/TCP (20-byte header, ACK) with a payload. */
    public static byte[] tcp(String src, String dst, int sport, int dport, int payload) {
        byte[] p = new byte[40 + payload];
        header(p, 6, src, dst, 0);
        NetworkOrder.put16(p, 20, sport);
        NetworkOrder.put16(p, 22, dport);
        NetworkOrder.put32(p, 24, 0x01020304);
        p[32] = 0x50;
        p[33] = 0x10;
        NetworkOrder.put16(p, 34, 65535);
        for (int i = 0; i < payload; i++) p[40 + i] = (byte) (i * 13 + 1);
        NetworkOrder.put16(p, 36, InternetChecksum.transportV4(p, v4(src), v4(dst), 6, 20, 20 + payload));
        return p;
    }

    /** IPv4/ICMP echo request. */
    public static byte[] icmp(String src, String dst, int payload) {
        byte[] p = new byte[28 + payload];
        header(p, 1, src, dst, 0);
        p[20] = 8;
        NetworkOrder.put16(p, 24, 0x1234);
        NetworkOrder.put16(p, 26, 1);
        for (int i = 0; i < payload; i++) p[28 + i] = (byte) i;
        NetworkOrder.put16(p, 22, InternetChecksum.compute(p, 20, 8 + payload));
        return p;
    }

    static void header(byte[] p, int proto, String src, String dst, int tos) {
        p[0] = 0x45;
        p[1] = (byte) tos;
        NetworkOrder.put16(p, 2, p.length);
        NetworkOrder.put16(p, 4, 0x4242);
        NetworkOrder.put16(p, 6, 0x4000);
        p[8] = 64;
        p[9] = (byte) proto;
        NetworkOrder.put32(p, 12, v4(src));
        NetworkOrder.put32(p, 16, v4(dst));
        NetworkOrder.put16(p, 10, InternetChecksum.compute(p, 0, 20));
    }

    /** IPv6/UDP between two literal addresses. */
    public static byte[] udp6(byte[] src, byte[] dst, int sport, int dport, int payload) {
        byte[] p = new byte[48 + payload];
        NetworkOrder.put32(p, 0, 0x60000000);
        NetworkOrder.put16(p, 4, 8 + payload);
        p[6] = 17;
        p[7] = 64;
        System.arraycopy(src, 0, p, 8, 16);
        System.arraycopy(dst, 0, p, 24, 16);
        NetworkOrder.put16(p, 40, sport);
        NetworkOrder.put16(p, 42, dport);
        NetworkOrder.put16(p, 44, 8 + payload);
        for (int i = 0; i < payload; i++) p[48 + i] = (byte) i;
        return p;
    }
}
