package org.ikd.tun.offload;

import static org.ikd.tun.offload.InternetChecksum.add;
import static org.ikd.tun.offload.InternetChecksum.fold;
import static org.ikd.tun.offload.InternetChecksum.put16;
import static org.ikd.tun.offload.InternetChecksum.u16;
import static org.ikd.tun.offload.InternetChecksum.u32;

/**
 * GRO done before the TUN write: consecutive TCP segments of one flow become one superpacket that
 * the kernel takes with a single write (gso_type TCPV4/TCPV6, as its own GRO would have built it).
 * <ol>
 * <li>{@link #offer} holds a segment that may start or extend the held superpacket: same addresses,
 *     ports and acknowledgment number, the next sequence number, no IP options or extension headers,
 *     same TOS/TTL (traffic class/flow label/hop limit), DF and no fragment, only ACK and PSH set, the
 *     same TCP options, a payload of the first segment's size (a shorter or a PSH one ends the run),
 *     a valid checksum (RFC 1071), at most 64 KiB in all;
 * <li>a segment it refuses ({@code false}) goes to the caller, who {@link #drain}s what is held
 *     first, offers it again, and writes it alone if refused again;
 * <li>{@link #drain} seals the superpacket: IP lengths and header checksum, and for two or more
 *     segments NEEDS_CSUM with the pseudo-header sum in the TCP checksum field (CHECKSUM_PARTIAL,
 *     linux/skbuff.h), gso_size = the first payload, hdr_len, csum_start/csum_offset.
 * </ol>
 * Confined to one writing thread; its 64 KiB buffer is allocated once.
 */
public final class TcpCoalescing {
    private static final int TCP = 6;
    private static final int ACK = 0x10;
    private static final int PSH = 0x08;
    private static final int MAX_IP = 65535;
    private static final int START = VirtioNetHeader.LENGTH;

    private final byte[] held = new byte[START + MAX_IP];
    private int length;
    private int segments;
    private int tcp;
    private int headers;
    private int gsoSize;
    private int nextSeq;
    private boolean ended;

    public boolean isEmpty() {
        return segments == 0;
    }

    /** Segments held now. */
    public int segments() {
        return segments;
    }

    /** The sealed superpacket, virtio_net_hdr first, at {@code array()[0..drain())}. */
    public byte[] array() {
        return held;
    }

    /**
     * Holds the IP packet {@code b[off..off+len)} if it can start or extend the superpacket.
     *
     * @return false when the caller must write it itself (after draining what is held)
     */
    public boolean offer(byte[] b, int off, int len) {
        int t = tcpOffset(b, off, len);
        if (t < 0) return false;
        int h = t + ((b[off + t + 12] & 0xf0) >>> 4) * 4;
        int payload = len - h;
        if (segments == 0) return start(b, off, len, t, h, payload);
        if (ended || payload > gsoSize || length + payload > MAX_IP || h != headers) return false;
        if (u32(b, off + t + 4) != nextSeq || !sameFlow(b, off)) return false;
        System.arraycopy(b, off + h, held, START + length, payload);
        length += payload;
        segments++;
        nextSeq += payload;
        held[START + tcp + 14] = b[off + t + 14];                 // the latest window
        held[START + tcp + 15] = b[off + t + 15];
        if ((b[off + t + 13] & PSH) != 0) held[START + tcp + 13] |= PSH;
        ended = payload < gsoSize || (b[off + t + 13] & PSH) != 0;
        return true;
    }

    private boolean start(byte[] b, int off, int len, int t, int h, int payload) {
        System.arraycopy(b, off, held, START, len);
        length = len;
        segments = 1;
        tcp = t;
        headers = h;
        gsoSize = payload;
        nextSeq = u32(b, off + t + 4) + payload;
        ended = (b[off + t + 13] & PSH) != 0;
        return true;
    }

    /**
     * The TCP header's offset when the packet may be coalesced at all, else -1: a plain IPv4 or IPv6
     * header, TCP with only ACK/PSH, a payload, and a checksum that verifies.
     */
    private static int tcpOffset(byte[] b, int off, int len) {
        if (len < 40) return -1;
        int t;
        if ((b[off] & 0xff) == 0x45) {
            int frag = u16(b, off + 6);
            if (u16(b, off + 2) != len || b[off + 9] != TCP || frag != 0x4000) return -1;    // DF only
            t = 20;
        } else if ((b[off] & 0xf0) == 0x60 && len >= 60) {
            if (u16(b, off + 4) + 40 != len || b[off + 6] != TCP) return -1;
            t = 40;
        } else {
            return -1;
        }
        int h = t + ((b[off + t + 12] & 0xf0) >>> 4) * 4;
        if (h < t + 20 || h >= len || (b[off + t + 13] & 0xff & ~PSH) != ACK) return -1;
        long sum = InternetChecksum.pseudoHeader(b, off, TCP, len - t);
        return fold(add(sum, b, off + t, len - t)) == 0xffff ? t : -1;
    }

    /** Same IP header but lengths, id and checksum; same ports, ack and options (RFC 793 §3.1 offsets). */
    private boolean sameFlow(byte[] b, int off) {
        int h = START;
        if (tcp == 20) {
            if (b[off + 1] != held[h + 1] || b[off + 8] != held[h + 8]) return false;          // TOS, TTL
            if (!equal(b, off + 12, h + 12, 8)) return false;                                   // addresses
        } else {
            if (!equal(b, off, h, 4) || b[off + 7] != held[h + 7]) return false;                // class, label, hops
            if (!equal(b, off + 8, h + 8, 32)) return false;
        }
        return equal(b, off + tcp, h + tcp, 4)                                                 // ports
                && equal(b, off + tcp + 8, h + tcp + 8, 4)                                      // acknowledgment
                && equal(b, off + tcp + 20, h + tcp + 20, headers - tcp - 20);                  // options
    }

    private boolean equal(byte[] b, int from, int heldFrom, int n) {
        for (int i = 0; i < n; i++) if (b[from + i] != held[heldFrom + i]) return false;
        return true;
    }

    /**
     * Seals what is held (see the flow above) and empties this.
     *
     * @return the length of header and packet at {@link #array()}, 0 when nothing was held
     */
    public int drain() {
        if (segments == 0) return 0;
        int n = START + length;
        if (segments == 1) {
            VirtioNetHeader.encodePlain(held, 0);
        } else {
            boolean v4 = tcp == 20;
            if (v4) {
                put16(held, START + 2, length);
                InternetChecksum.sealIpv4Header(held, START);
            } else {
                put16(held, START + 4, length - 40);
            }
            long pseudo = InternetChecksum.pseudoHeader(held, START, TCP, length - tcp);
            put16(held, START + tcp + 16, fold(pseudo));
            VirtioNetHeader.encode(held, 0, VirtioNetHeader.F_NEEDS_CSUM,
                    v4 ? VirtioNetHeader.GSO_TCPV4 : VirtioNetHeader.GSO_TCPV6, headers, gsoSize, tcp, 16);
        }
        segments = 0;
        length = 0;
        return n;
    }
}
