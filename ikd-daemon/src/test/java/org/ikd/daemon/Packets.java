package org.ikd.daemon;

import org.ikd.esp.PacketBuffer;

/** Hand-built IPv4 packets (RFC 791 header, RFC 792 echo request) for the daemon's tests. */
public final class Packets {
    private Packets() {}

    /** A 28-byte ICMP echo request from {@code src} to {@code dst} (dotted quads), header checksum left 0. */
    public static byte[] icmpEcho(int[] src, int[] dst) {
        byte[] p = new byte[28];
        p[0] = 0x45;                       // version 4, IHL 5
        p[3] = 28;                         // total length
        p[8] = 64;                         // TTL
        p[9] = 1;                          // protocol ICMP
        for (int i = 0; i < 4; i++) {
            p[12 + i] = (byte) src[i];
            p[16 + i] = (byte) dst[i];
        }
        p[20] = 8;                         // echo request
        return p;
    }

    /** Copies {@code packet} into {@code pkt} at the headroom, as a pump's read does. */
    public static void load(PacketBuffer pkt, byte[] packet) {
        System.arraycopy(packet, 0, pkt.array(), PacketBuffer.HEADROOM, packet.length);
        pkt.loadIp(packet.length);
    }
}
