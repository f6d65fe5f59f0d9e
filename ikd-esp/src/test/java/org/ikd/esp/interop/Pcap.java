package org.ikd.esp.interop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** A libpcap file writer (pcap-savefile(5)): global header + one record per packet, raw IPv4 link type. */
final class Pcap {
    /** LINKTYPE_IPV4 (228): each record is a bare IPv4 packet. */
    private static final int LINKTYPE_IPV4 = 228;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int count;

    Pcap() {
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(LINKTYPE_IPV4);
        out.writeBytes(h.array());
    }

    void add(byte[] packet) {
        ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        count++;
        r.putInt(1_700_000_000 + count).putInt(0).putInt(packet.length).putInt(packet.length);
        out.writeBytes(r.array());
        out.writeBytes(packet);
    }

    int count() {
        return count;
    }

    void write(Path file) throws IOException {
        Files.write(file, out.toByteArray());
    }
}
