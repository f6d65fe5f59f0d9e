package org.ikd.esp.transform;

import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.esp.packet.AhHeader;
import org.ikd.esp.packet.NetworkOrder;

/**
 * AH over IPv4 (RFC 4302). The ICV covers the whole packet with the mutable fields zeroed
 * (§3.3.3.1.1.1): TOS, flags/fragment offset, TTL, header checksum, the mutable options of
 * Appendix A1 (every option but EOL, NOP, Security 130, Extended Security 133, Commercial
 * Security 134, Router Alert 148 and SDMD 149), and the ICV field itself. With a loose/strict
 * source route the destination is "mutable but predictable": the route's final address is used.
 * With ESN the high-order 32 bits are appended after the packet (§3.3.3.2). Not thread-safe.
 */
public final class AhTransform {
    private final Hmac mac;
    private final int icv;
    private final boolean esn;
    private final byte[] options = new byte[40];
    private final byte[] macOut = new byte[64];
    private final byte[] received = new byte[64];
    private final byte[] sequenceHigh = new byte[4];

    public AhTransform(IntegrityAlgorithm integrity, byte[] key, boolean esn) {
        this.mac = new Hmac(integrity.hash(), key);
        this.icv = integrity.icvLength();
        this.esn = esn;
    }

    /** RFC 4302 §2.2: the AH length for IPv4 (every ICV here is a multiple of 4 bytes). */
    public static int headerLength(IntegrityAlgorithm integrity) {
        return AhHeader.FIXED_LENGTH + integrity.icvLength();
    }

    public int headerLength() {
        return AhHeader.FIXED_LENGTH + icv;
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
        if (esn) {
            NetworkOrder.put32(sequenceHigh, 0, seqHigh);
            mac.update(sequenceHigh, 0, 4);
        }
        mac.finish(macOut, 0);
        b[ip + 1] = tos;
        NetworkOrder.put16(b, ip + 6, flags);
        b[ip + 8] = ttl;
        NetworkOrder.put16(b, ip + 10, checksum);
        NetworkOrder.put32(b, ip + 16, destination);
        if (optionLength > 0) System.arraycopy(options, 0, b, ip + 20, optionLength);
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
