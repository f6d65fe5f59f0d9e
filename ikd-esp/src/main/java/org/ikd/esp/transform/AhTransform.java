package org.ikd.esp.transform;

import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.esp.packet.AhHeader;
import org.ikd.esp.packet.Ipv6Extensions;
import org.ikd.esp.packet.Ipv6Header;
import org.ikd.esp.packet.NetworkOrder;

/**
 * AH (RFC 4302). Over IPv4 the ICV covers the whole packet with the mutable fields zeroed
 * (§3.3.3.1.1.1): TOS, flags/fragment offset, TTL, header checksum, the mutable options of
 * Appendix A1 (every option but EOL, NOP, Security 130, Extended Security 133, Commercial
 * Security 134, Router Alert 148 and SDMD 149), and the ICV field itself. With a loose/strict
 * source route the destination is "mutable but predictable": the route's final address is used.
 * Over IPv6 see {@link #seal6}. With ESN the high-order 32 bits are appended after the packet
 * (§3.3.3.2). Not thread-safe.
 */
public final class AhTransform {
    /** RFC 8200 §4.2: the third-highest bit of an option type: "Option Data may change en route". */
    private static final int MAY_CHANGE = 0x20;
    private static final int PAD1 = 0;
    private final Hmac mac;
    private final int icv;
    private final boolean esn;
    private final boolean ipv6;
    private final byte[] base = new byte[Ipv6Header.LENGTH];
    private final byte[] zeros = new byte[256];
    private final byte[] options = new byte[40];
    private final byte[] macOut = new byte[64];
    private final byte[] received = new byte[64];
    private final byte[] sequenceHigh = new byte[4];

    /** An IPv4 transform. */
    public AhTransform(IntegrityAlgorithm integrity, byte[] key, boolean esn) {
        this(integrity, key, esn, false);
    }

    public AhTransform(IntegrityAlgorithm integrity, byte[] key, boolean esn, boolean ipv6) {
        this.mac = new Hmac(integrity.hash(), key);
        this.icv = integrity.icvLength();
        this.esn = esn;
        this.ipv6 = ipv6;
    }

    /**
     * RFC 4302 §2.2, §2.6: the AH length, a multiple of 4 bytes for IPv4 (every ICV here is) and of 8
     * for IPv6, where a 16-byte ICV (12 + 16 = 28) and a 24- or 32-byte one get 4 bytes of padding.
     */
    public int headerLength() {
        int n = AhHeader.FIXED_LENGTH + icv;
        return ipv6 ? (n + 7) & ~7 : n;
    }

    /**
     * Computes and writes the ICV of the IPv4 packet at {@code ip}, whose header and AH header
     * (right after the IP header) are complete; the caller sets the IP checksum afterwards.
     */
    public void seal(byte[] b, int ip, int totalLength, int seqHigh) {
        int icvAt = ip + (b[ip] & 0x0f) * 4 + AhHeader.FIXED_LENGTH;
        compute(b, ip, totalLength, icvAt, seqHigh);
        System.arraycopy(macOut, 0, b, icvAt, icv);
    }

    /** Verifies the ICV; the packet is left as it was. */
    public boolean open(byte[] b, int ip, int totalLength, int seqHigh) {
        int icvAt = ip + (b[ip] & 0x0f) * 4 + AhHeader.FIXED_LENGTH;
        System.arraycopy(b, icvAt, received, 0, icv);
        compute(b, ip, totalLength, icvAt, seqHigh);
        System.arraycopy(received, 0, b, icvAt, icv);
        return EspTrailer.equal(macOut, 0, received, 0, icv);
    }

    private void compute(byte[] b, int ip, int totalLength, int icvAt, int seqHigh) {
        int ihl = (b[ip] & 0x0f) * 4;
        byte tos = b[ip + 1];
        int flags = NetworkOrder.u16(b, ip + 6);
        byte ttl = b[ip + 8];
        int checksum = NetworkOrder.u16(b, ip + 10);
        int destination = NetworkOrder.i32(b, ip + 16);
        int optionLength = ihl - 20;
        b[ip + 1] = 0;
        NetworkOrder.put16(b, ip + 6, 0);
        b[ip + 8] = 0;
        NetworkOrder.put16(b, ip + 10, 0);
        if (optionLength > 0) {
            System.arraycopy(b, ip + 20, options, 0, optionLength);
            long finalDestination = zeroMutableOptions(b, ip + 20, ip + ihl);
            if (finalDestination >= 0) NetworkOrder.put32(b, ip + 16, (int) finalDestination);
        }
        for (int i = 0; i < icv; i++) b[icvAt + i] = 0;
        mac.start();
        mac.update(b, ip, totalLength);
        finish(seqHigh);
        b[ip + 1] = tos;
        NetworkOrder.put16(b, ip + 6, flags);
        b[ip + 8] = ttl;
        NetworkOrder.put16(b, ip + 10, checksum);
        NetworkOrder.put32(b, ip + 16, destination);
        if (optionLength > 0) System.arraycopy(options, 0, b, ip + 20, optionLength);
    }

    /**
     * Computes and writes the ICV of the IPv6 packet at {@code ip} whose AH header is at {@code ah}
     * (after the extension headers {@link Ipv6Extensions#walkToAhPlace} passed), zeroing the ICV
     * padding first (§2.6: the sender chooses it; it is covered as sent). RFC 4302 §3.3.3.1.2: the
     * ICV covers Version, Payload Length, Next Header and the addresses; Traffic Class, Flow Label
     * and Hop Limit count as zero; in Hop-by-Hop and Destination Options headers the Option Data of
     * an option whose type has the "may change en route" bit counts as zero (§3.3.3.1.2.2, RFC 8200
     * §4.2); a Routing header is covered as the receiver will see it, which without reordering it
     * is only true once Segments Left is 0. False (nothing written) for a Routing header with
     * segments left, a Fragment header before AH (AH comes before fragmentation, §3.3.2) or a
     * malformed option area.
     */
    public boolean seal6(byte[] b, int ip, int totalLength, int ah, int seqHigh) {
        int icvAt = ah + AhHeader.FIXED_LENGTH;
        for (int i = icvAt + icv; i < ah + headerLength(); i++) b[i] = 0;
        if (!compute6(b, ip, totalLength, ah, seqHigh)) return false;
        System.arraycopy(macOut, 0, b, icvAt, icv);
        return true;
    }

    /** Verifies the ICV of an IPv6 packet (see {@link #seal6}); the packet is left as it was. */
    public boolean open6(byte[] b, int ip, int totalLength, int ah, int seqHigh) {
        return compute6(b, ip, totalLength, ah, seqHigh)
                && EspTrailer.equal(macOut, 0, b, ah + AhHeader.FIXED_LENGTH, icv);
    }

    /** Feeds the packet to the MAC with the mutable parts replaced by zeros; nothing is written to it. */
    private boolean compute6(byte[] b, int ip, int totalLength, int ah, int seqHigh) {
        System.arraycopy(b, ip, base, 0, Ipv6Header.LENGTH);
        base[0] &= (byte) 0xf0;                                      // §3.3.3.1.2.1: Traffic Class and
        base[1] = 0;                                                 // Flow Label are mutable
        base[2] = 0;
        base[3] = 0;
        base[7] = 0;                                                 // and so is Hop Limit
        mac.start();
        mac.update(base, 0, Ipv6Header.LENGTH);
        int nh = b[ip + 6] & 0xff;
        int p = ip + Ipv6Header.LENGTH;
        while (p < ah) {
            int length = ((b[p + 1] & 0xff) + 1) * 8;
            if (p + length > ah) return false;
            if (nh == Ipv6Extensions.HOP_BY_HOP || nh == Ipv6Extensions.DESTINATION_OPTIONS) {
                if (!updateOptions(b, p, p + length)) return false;
            } else if (nh == Ipv6Extensions.ROUTING && b[p + 3] == 0) {   // Segments Left 0: as it arrives
                mac.update(b, p, length);
            } else {
                return false;
            }
            nh = b[p] & 0xff;
            p += length;
        }
        if (p != ah || nh != AhHeader.PROTOCOL) return false;
        int icvAt = ah + AhHeader.FIXED_LENGTH;
        mac.update(b, ah, AhHeader.FIXED_LENGTH);
        mac.update(zeros, 0, icv);                                   // the ICV itself counts as zero
        mac.update(b, icvAt + icv, ip + totalLength - icvAt - icv);  // its padding, then the payload
        finish(seqHigh);
        return true;
    }

    /** RFC 4302 §3.3.3.1.2.2: Option Type and Opt Data Len always count; mutable Option Data as zeros. */
    private boolean updateOptions(byte[] b, int p, int end) {
        mac.update(b, p, 2);                                         // Next Header, Hdr Ext Len
        int o = p + 2;
        while (o < end) {
            int type = b[o] & 0xff;
            if (type == PAD1) {                                      // RFC 8200 §4.2: one byte, no length
                mac.update(b, o++, 1);
                continue;
            }
            if (o + 2 > end) return false;
            int length = b[o + 1] & 0xff;
            if (o + 2 + length > end) return false;
            mac.update(b, o, 2);
            if ((type & MAY_CHANGE) != 0) mac.update(zeros, 0, length);
            else mac.update(b, o + 2, length);
            o += 2 + length;
        }
        return true;
    }

    private void finish(int seqHigh) {
        if (esn) {
            NetworkOrder.put32(sequenceHigh, 0, seqHigh);
            mac.update(sequenceHigh, 0, 4);
        }
        mac.finish(macOut, 0);
    }

    /** Zeroes mutable options in place; returns a source route's final address, or -1. */
    static long zeroMutableOptions(byte[] b, int p, int end) {
        long finalDestination = -1;
        while (p < end) {
            int type = b[p] & 0xff;
            if (type == 0) break;                                   // End of Options List
            if (type == 1) {                                        // No Operation
                p++;
                continue;
            }
            int len = p + 1 < end ? b[p + 1] & 0xff : 0;
            if (len < 2 || p + len > end) {                         // malformed: treat the rest as mutable
                for (int i = p; i < end; i++) b[i] = 0;
                break;
            }
            if (!immutable(type)) {
                if ((type == 131 || type == 137) && len >= 7)       // LSRR / SSRR: last address is the destination
                    finalDestination = NetworkOrder.u32(b, p + len - 4);
                for (int i = p; i < p + len; i++) b[i] = 0;
            }
            p += len;
        }
        return finalDestination;
    }

    private static boolean immutable(int type) {
        return type == 130 || type == 133 || type == 134 || type == 148 || type == 149;
    }
}
