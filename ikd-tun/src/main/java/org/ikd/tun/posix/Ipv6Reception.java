package org.ikd.tun.posix;

import java.util.Arrays;
import jnr.ffi.Pointer;

/**
 * An IPv6 raw socket delivers only what follows the IPv6 header and its extension headers (raw(7),
 * RFC 3542 §3), where an IPv4 one delivers the whole packet. ESP and AH need the outer header
 * (the SA is found by SPI and destination, RFC 4301 §4.1; AH's ICV covers it, RFC 4302 §3.3.3.1),
 * so this rebuilds it in front of the payload from what the kernel can tell: the source from
 * msg_name, the destination from {@code IPV6_PKTINFO}, the hop limit from {@code IPV6_HOPLIMIT}
 * and the traffic class from {@code IPV6_TCLASS} (RFC 3542 §6). The Hop-by-Hop, Destination
 * Options and Routing headers before the payload come back whole, in order, as {@code IPV6_HOPOPTS},
 * {@code IPV6_DSTOPTS} and {@code IPV6_RTHDR} (RFC 3542 §4; Linux's ip6_datagram_recv_specific_ctl
 * reports them in the order of the chain) and are put back between the header and the payload,
 * because AH's ICV covers them (RFC 4302 §3.3.3.1.2.2). Headers beyond {@link #CONTROL_SIZE} are
 * cut by the kernel (MSG_CTRUNC); AH over such a packet fails its ICV check and is counted.
 */
final class Ipv6Reception {
    static final int IPPROTO_IPV6 = 41;
    static final int IPV6_RECVPKTINFO = 49;
    static final int IPV6_PKTINFO = 50;
    static final int IPV6_RECVHOPLIMIT = 51;
    static final int IPV6_HOPLIMIT = 52;
    static final int IPV6_RECVHOPOPTS = 53;
    static final int IPV6_HOPOPTS = 54;
    static final int IPV6_RECVRTHDR = 56;
    static final int IPV6_RTHDR = 57;
    static final int IPV6_RECVDSTOPTS = 58;
    static final int IPV6_DSTOPTS = 59;
    static final int IPV6_RECVTCLASS = 66;
    static final int IPV6_TCLASS = 67;
    /** RFC 8200 §3. */
    static final int HEADER_LENGTH = 40;
    /**
     * Room per datagram: CMSG_SPACE(in6_pktinfo: 20) = 40, CMSG_SPACE(int) = 24 twice, on LP64; the rest
     * (936 bytes) for extension headers, 16 bytes of cmsghdr each.
     */
    static final int CONTROL_SIZE = 1024;
    /** RFC 8200 §4.3-4.6 Next Header values of the headers the kernel reports. */
    private static final int HOP_BY_HOP = 0;
    private static final int ROUTING = 43;
    private static final int DESTINATION_OPTIONS = 60;
    private static final int CMSGHDR_SIZE = 16;           // size_t cmsg_len, int cmsg_level, int cmsg_type

    private Ipv6Reception() {
    }

    /** Asks the kernel for the ancillary data the header is rebuilt from. */
    static void enable(int fd, String name) throws ErrnoException {
        Native.setIntOption(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1, "IPV6_RECVPKTINFO on " + name);
        Native.setIntOption(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1, "IPV6_RECVHOPLIMIT on " + name);
        Native.setIntOption(fd, IPPROTO_IPV6, IPV6_RECVTCLASS, 1, "IPV6_RECVTCLASS on " + name);
        Native.setIntOption(fd, IPPROTO_IPV6, IPV6_RECVHOPOPTS, 1, "IPV6_RECVHOPOPTS on " + name);
        Native.setIntOption(fd, IPPROTO_IPV6, IPV6_RECVDSTOPTS, 1, "IPV6_RECVDSTOPTS on " + name);
        Native.setIntOption(fd, IPPROTO_IPV6, IPV6_RECVRTHDR, 1, "IPV6_RECVRTHDR on " + name);
    }

    /** The bytes of the extension headers reported in {@code p[control..control+controlLength)}. */
    static int extensionLength(Pointer p, long control, long controlLength) {
        int length = 0;
        for (long c = control; c + CMSGHDR_SIZE <= control + controlLength; ) {
            long cmsgLength = p.getLong(c);
            if (cmsgLength < CMSGHDR_SIZE || c + cmsgLength > control + controlLength) break;
            if (extensionType(p, c) >= 0) length += (int) (cmsgLength - CMSGHDR_SIZE);
            c += (cmsgLength + 7) & ~7L;
        }
        return length;
    }

    /** The Next Header value of the extension header in the control message at {@code c}, or -1. */
    private static int extensionType(Pointer p, long c) {
        if (p.getInt(c + 8) != IPPROTO_IPV6) return -1;
        int type = p.getInt(c + 12);
        return type == IPV6_HOPOPTS ? HOP_BY_HOP : type == IPV6_DSTOPTS ? DESTINATION_OPTIONS : type == IPV6_RTHDR ? ROUTING : -1;
    }

    /**
     * Writes the IPv6 header of a datagram of {@code payloadLength} bytes at {@code buf[off..off+40)}:
     * version 6, the traffic class, flow label 0 (not delivered; mutable for AH, RFC 4302 §3.3.3.1.2.1),
     * {@code protocol} as next header, the source at {@code p + source} and the control messages in
     * {@code p[control..control+controlLength)}; then the {@link #extensionLength} bytes of extension
     * headers, the first one named by the header's Next Header. A missing destination stays :: (no SA
     * has it: the data plane drops the packet as a bad SPI).
     */
    static void writeHeader(byte[] buf, int off, int payloadLength, int protocol, Pointer p, long source,
                            long control, long controlLength) {
        int trafficClass = 0;
        int hopLimit = 0;
        int nextHeader = protocol;
        int extensions = 0;
        Arrays.fill(buf, off + 24, off + HEADER_LENGTH, (byte) 0);
        for (long c = control; c + CMSGHDR_SIZE <= control + controlLength; ) {
            long length = p.getLong(c);
            if (length < CMSGHDR_SIZE || c + length > control + controlLength) break;
            int extension = extensionType(p, c);
            if (extension >= 0) {
                if (extensions == 0) nextHeader = extension;
                p.get(c + CMSGHDR_SIZE, buf, off + HEADER_LENGTH + extensions, (int) (length - CMSGHDR_SIZE));
                extensions += (int) (length - CMSGHDR_SIZE);
            } else if (p.getInt(c + 8) == IPPROTO_IPV6) {
                int type = p.getInt(c + 12);
                if (type == IPV6_PKTINFO && length >= CMSGHDR_SIZE + 20) p.get(c + CMSGHDR_SIZE, buf, off + 24, 16);
                else if (type == IPV6_HOPLIMIT && length >= CMSGHDR_SIZE + 4) hopLimit = p.getInt(c + CMSGHDR_SIZE);
                else if (type == IPV6_TCLASS && length >= CMSGHDR_SIZE + 4) trafficClass = p.getInt(c + CMSGHDR_SIZE);
            }
            c += (length + 7) & ~7L;                        // CMSG_NXTHDR: 8-byte alignment on LP64
        }
        buf[off] = (byte) (0x60 | (trafficClass >>> 4 & 0x0f));
        buf[off + 1] = (byte) ((trafficClass & 0x0f) << 4);
        buf[off + 2] = 0;
        buf[off + 3] = 0;
        buf[off + 4] = (byte) ((extensions + payloadLength) >>> 8);
        buf[off + 5] = (byte) (extensions + payloadLength);
        buf[off + 6] = (byte) nextHeader;
        buf[off + 7] = (byte) hopLimit;
        p.get(source + 8, buf, off + 8, 16);               // sockaddr_in6.sin6_addr
    }
}
