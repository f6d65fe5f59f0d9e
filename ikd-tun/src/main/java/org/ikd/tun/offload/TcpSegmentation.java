package org.ikd.tun.offload;

import static org.ikd.tun.offload.InternetChecksum.add;
import static org.ikd.tun.offload.InternetChecksum.fold;
import static org.ikd.tun.offload.InternetChecksum.put16;
import static org.ikd.tun.offload.InternetChecksum.put32;
import static org.ikd.tun.offload.InternetChecksum.u16;
import static org.ikd.tun.offload.InternetChecksum.u32;

import java.nio.ByteBuffer;

/**
 * What a TUN with TSO hands us, made into packets a peer's kernel accepts: ESP must never carry a
 * partial checksum (the peer would drop it), so every packet leaves with a complete one.
 * <ol>
 * <li>{@link #load} reads the virtio_net_hdr before the packet and says how many packets it makes;
 * <li>a plain packet ({@code GSO_NONE}) is copied, its checksum completed when {@code NEEDS_CSUM}
 *     says the field holds only the pseudo-header sum (csum_start/csum_offset, linux/skbuff.h
 *     "CHECKSUM_PARTIAL");
 * <li>a TCP superpacket ({@code GSO_TCPV4/6}) is cut into segments of gso_size payload bytes: the
 *     IP and TCP headers are copied, then per segment the IPv4 total length, identification (+i) and
 *     header checksum, or the IPv6 payload length, the TCP sequence number (+i*gso_size), FIN and PSH
 *     only on the last, CWR only on the first (RFC 3168 §6.1.2), and the full TCP checksum (RFC 793 §3.1).
 * </ol>
 * Each packet is written once, straight into the caller's buffer (array or direct): headers are
 * patched in a small scratch and the TCP checksum is summed over them and the source payload.
 * Confined to one reading thread; the source array is the caller's and must not change between calls.
 */
public final class TcpSegmentation {
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int FIN = 0x01;
    private static final int PSH = 0x08;
    private static final int CWR = 0x80;

    private byte[] src;
    private int ip;
    private int length;
    private int gsoType;
    private int flags;
    private int checksumStart;
    private int checksumOffset;
    private int headers;
    private int gsoSize;
    private int count;
    /** The current segment's IP and TCP headers (grows only for headers longer than any before). */
    private byte[] head = new byte[128];
    private int partialChecksum;

    /**
     * Loads the packet {@code src[off..off+len)} that starts with its virtio_net_hdr.
     *
     * @return how many IP packets it makes (1 for a plain packet), or 0 when it is malformed (drop it)
     */
    public int load(byte[] src, int off, int len) {
        this.src = src;
        this.ip = off + VirtioNetHeader.LENGTH;
        this.length = len - VirtioNetHeader.LENGTH;
        this.flags = len < VirtioNetHeader.LENGTH ? 0 : VirtioNetHeader.flags(src, off);
        this.gsoType = len < VirtioNetHeader.LENGTH ? -1 : VirtioNetHeader.gsoType(src, off);
        this.checksumStart = len < VirtioNetHeader.LENGTH ? 0 : VirtioNetHeader.checksumStart(src, off);
        this.checksumOffset = len < VirtioNetHeader.LENGTH ? 0 : VirtioNetHeader.checksumOffset(src, off);
        this.count = 0;
        if (length < 20) return 0;
        if (gsoType == VirtioNetHeader.GSO_NONE) {
            boolean partial = (flags & VirtioNetHeader.F_NEEDS_CSUM) != 0;
            if (partial && checksumStart + checksumOffset + 2 > length) return 0;
            return count = 1;
        }
        return count = loadSuperpacket(VirtioNetHeader.gsoSize(src, off));
    }

    private int loadSuperpacket(int size) {
        int version = (src[ip] & 0xf0) >>> 4;
        boolean v4 = gsoType == VirtioNetHeader.GSO_TCPV4;
        if (!v4 && gsoType != VirtioNetHeader.GSO_TCPV6) return 0;
        if (version != (v4 ? 4 : 6) || size == 0) return 0;
        int tcp = v4 ? (src[ip] & 0x0f) * 4 : checksumStart;        // csum_start is the TCP header (tun.c)
        if (v4 ? (tcp < 20 || (src[ip + 9] & 0xff) != TCP) : tcp < 40) return 0;
        if (tcp + 20 > length) return 0;
        int tcpHeader = ((src[ip + tcp + 12] & 0xf0) >>> 4) * 4;
        if (tcpHeader < 20 || tcp + tcpHeader > length) return 0;
        this.checksumStart = tcp;
        this.headers = tcp + tcpHeader;
        if (head.length < headers) head = new byte[headers];
        this.gsoSize = size;
        int payload = length - headers;
        return payload <= 0 ? 0 : (payload + size - 1) / size;
    }

    /** The number of packets of the last {@link #load}. */
    public int count() {
        return count;
    }

    /**
     * Writes packet {@code i} (0-based, below {@link #count()}) at {@code dst[off..)}: its headers
     * and payload are copied once, straight from the source.
     *
     * @return its length, or -1 when {@code room} bytes do not hold it
     */
    public int segment(int i, byte[] dst, int off, int room) {
        int total = prepare(i, room);
        if (total < 0) return -1;
        if (gsoType == VirtioNetHeader.GSO_NONE) {
            System.arraycopy(src, ip, dst, off, length);
            if ((flags & VirtioNetHeader.F_NEEDS_CSUM) != 0) put16(dst, off + checksumStart + checksumOffset, partialChecksum);
            return length;
        }
        System.arraycopy(head, 0, dst, off, headers);
        System.arraycopy(src, ip + headers + i * gsoSize, dst, off + headers, total - headers);
        return total;
    }

    /**
     * As {@link #segment(int, byte[], int, int)} at {@code dst}'s position, with its remaining bytes as
     * the room; advances the position past the packet (a direct buffer is written without a scratch copy).
     */
    public int segment(int i, ByteBuffer dst) {
        int at = dst.position();
        int total = prepare(i, dst.remaining());
        if (total < 0) return -1;
        if (gsoType == VirtioNetHeader.GSO_NONE) {
            dst.put(at, src, ip, length);
            if ((flags & VirtioNetHeader.F_NEEDS_CSUM) != 0) {
                dst.put(at + checksumStart + checksumOffset, (byte) (partialChecksum >>> 8));   // network order,
                dst.put(at + checksumStart + checksumOffset + 1, (byte) partialChecksum);     // whatever dst's order
            }
        } else {
            dst.put(at, head, 0, headers);
            dst.put(at + headers, src, ip + headers + i * gsoSize, total - headers);
        }
        dst.position(at + total);
        return total;
    }

    /**
     * Step 2 or 3 of the class comment without writing the packet: its length (-1 beyond {@code room});
     * a plain packet's completed checksum in {@link #partialChecksum}; a segment's patched headers in
     * {@link #head}, its TCP checksum summed over them and the source payload.
     */
    private int prepare(int i, int room) {
        if (i < 0 || i >= count) throw new IndexOutOfBoundsException("segment " + i + " of " + count);
        if (gsoType == VirtioNetHeader.GSO_NONE) {
            if (length > room) return -1;
            if ((flags & VirtioNetHeader.F_NEEDS_CSUM) != 0)
                partialChecksum = partialChecksum(src, ip, length, checksumStart, checksumOffset);
            return length;
        }
        int payload = Math.min(gsoSize, length - headers - i * gsoSize);
        int total = headers + payload;
        if (total > room) return -1;
        byte[] h = head;
        System.arraycopy(src, ip, h, 0, headers);
        if ((h[0] & 0xf0) == 0x40) {
            put16(h, 2, total);                                                // RFC 791 §3.1 total length
            put16(h, 4, u16(src, ip + 4) + i);                                 // identification + i
            InternetChecksum.sealIpv4Header(h, 0);
        } else {
            put16(h, 4, total - 40);                                           // RFC 8200 §3 payload length
        }
        int tcp = checksumStart;
        put32(h, tcp + 4, u32(src, ip + tcp + 4) + i * gsoSize);              // RFC 793 §3.1 sequence number
        int tcpFlags = h[tcp + 13] & 0xff;
        if (i != count - 1) tcpFlags &= ~(FIN | PSH);
        if (i != 0) tcpFlags &= ~CWR;
        h[tcp + 13] = (byte) tcpFlags;
        h[tcp + 16] = 0;
        h[tcp + 17] = 0;
        long sum = InternetChecksum.pseudoHeader(h, 0, TCP, total - tcp);
        sum = add(sum, h, tcp, headers - tcp);                                 // an even count: words stay aligned
        put16(h, tcp + 16, ~fold(add(sum, src, ip + headers + i * gsoSize, payload)));
        return total;
    }

    /**
     * Completes a CHECKSUM_PARTIAL packet in place: the field at {@code start+offset} holds the
     * pseudo-header sum; the checksum covers {@code start} to the end (linux/skbuff.h). A UDP
     * checksum that comes out 0 is sent as 0xffff (RFC 768).
     */
    public static void completeChecksum(byte[] b, int off, int len, int start, int offset) {
        put16(b, off + start + offset, partialChecksum(b, off, len, start, offset));
    }

    private static int partialChecksum(byte[] b, int off, int len, int start, int offset) {
        int c = ~fold(add(0, b, off + start, len - start)) & 0xffff;
        boolean udp = offset == 6 && protocolOf(b, off) == UDP;
        return c == 0 && udp ? 0xffff : c;
    }

    private static int protocolOf(byte[] b, int off) {
        return (b[off] & 0xf0) == 0x40 ? b[off + 9] & 0xff : b[off + 6] & 0xff;
    }
}
