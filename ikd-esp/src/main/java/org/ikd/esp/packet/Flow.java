package org.ikd.esp.packet;


/**
 * The selector-relevant fields of one packet (RFC 4301 §4.4.1.1): addresses, next-layer protocol
 * and ports. A mutable, reusable view filled by {@link #parse}; one per pump.
 */
public final class Flow {
    public static final int NO_PORT = -1;
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int SCTP = 132;
    private static final int MAX_EXTENSION_HEADERS = 8;

    private int version;
    private int sourceV4;
    private int destinationV4;
    private long sourceHigh;
    private long sourceLow;
    private long destinationHigh;
    private long destinationLow;
    private int protocol;
    private int sourcePort;
    private int destinationPort;

    /** Parses the packet at {@code offset}; false when it is neither a plausible IPv4 nor IPv6 packet. */
    public boolean parse(byte[] b, int offset, int length) {
        if (length < 1) return false;
        int v = (b[offset] & 0xf0) >>> 4;
        if (v == 4 && Ipv4Header.plausible(b, offset, length)) return parseV4(b, offset);
        if (v == 6 && Ipv6Header.plausible(b, offset, length)) return parseV6(b, offset, length);
        return false;
    }

    private boolean parseV4(byte[] b, int o) {
        version = 4;
        sourceV4 = NetworkOrder.i32(b, o + 12);
        destinationV4 = NetworkOrder.i32(b, o + 16);
        protocol = b[o + 9] & 0xff;
        int ihl = (b[o] & 0x0f) * 4;
        int total = NetworkOrder.u16(b, o + 2);
        boolean laterFragment = (NetworkOrder.u16(b, o + 6) & 0x1fff) != 0;   // RFC 4301 §7: no ports
        readPorts(b, o + ihl, total - ihl, laterFragment);
        return true;
    }

    private boolean parseV6(byte[] b, int o, int length) {
        version = 6;
        sourceHigh = NetworkOrder.i64(b, o + 8);
        sourceLow = NetworkOrder.i64(b, o + 16);
        destinationHigh = NetworkOrder.i64(b, o + 24);
        destinationLow = NetworkOrder.i64(b, o + 32);
        int end = o + Ipv6Header.LENGTH + NetworkOrder.u16(b, o + 4);
        int nh = b[o + 6] & 0xff;
        int p = o + Ipv6Header.LENGTH;
        boolean laterFragment = false;
        for (int i = 0; i < MAX_EXTENSION_HEADERS && Ipv6Header.isExtensionHeader(nh); i++) {   // RFC 8200 §4
            if (p + 8 > end) return false;
            if (nh == 44) laterFragment = (NetworkOrder.u16(b, p + 2) & 0xfff8) != 0;
            int len = nh == 44 ? 8 : ((b[p + 1] & 0xff) + 1) * 8;
            nh = b[p] & 0xff;
            p += len;
        }
        protocol = nh;
        readPorts(b, p, end - p, laterFragment);
        return true;
    }

    private void readPorts(byte[] b, int l4, int l4Length, boolean laterFragment) {
        boolean hasPorts = protocol == TCP || protocol == UDP || protocol == SCTP;
        if (hasPorts && !laterFragment && l4Length >= 4) {
            sourcePort = NetworkOrder.u16(b, l4);
            destinationPort = NetworkOrder.u16(b, l4 + 2);
        } else {
            sourcePort = NO_PORT;
            destinationPort = NO_PORT;
        }
    }

    public int version() { return version; }
    public boolean isIpv4() { return version == 4; }
    public int sourceV4() { return sourceV4; }
    public int destinationV4() { return destinationV4; }
    public long sourceHigh() { return sourceHigh; }
    public long sourceLow() { return sourceLow; }
    public long destinationHigh() { return destinationHigh; }
    public long destinationLow() { return destinationLow; }
    public int protocol() { return protocol; }
    /** The source port, or {@link #NO_PORT} for protocols without ports and non-first fragments. */
    public int sourcePort() { return sourcePort; }
    public int destinationPort() { return destinationPort; }
}
