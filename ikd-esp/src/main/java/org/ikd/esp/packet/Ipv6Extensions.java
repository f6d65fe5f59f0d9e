package org.ikd.esp.packet;

/**
 * RFC 8200 §4: a walk over the extension headers that come before IPsec in an IPv6 packet, in the
 * order §4.1 recommends: Hop-by-Hop (0, first only), Destination Options (60) meant for the routers
 * of a Routing header (43), the Routing header, Fragment (44), then AH/ESP (RFC 4302 §3.1.1, RFC
 * 4303 §3.1.1), then Destination Options for the final destination. After a walk, {@link #offset()}
 * is the header the walk stopped at and {@link #nextHeaderAt()} the byte that names it (the base
 * header's Next Header or the last extension header's). A reusable view, one per mode object.
 */
public final class Ipv6Extensions {
    public static final int HOP_BY_HOP = 0;
    public static final int ROUTING = 43;
    public static final int FRAGMENT = 44;
    public static final int DESTINATION_OPTIONS = 60;
    /** Returned by a walk when a header runs past the packet or the chain is longer than this data plane walks. */
    public static final int MALFORMED = -1;
    private static final int MAX_HEADERS = 8;

    private int offset;
    private int nextHeaderAt;

    /**
     * Walks Hop-by-Hop, Routing and Destination Options headers; returns the type of the first
     * other header (AH or ESP in a protected packet, 44 for a fragment) or {@link #MALFORMED}.
     */
    public int walkToIpsec(byte[] b, int ip, int end) {
        return walk(b, ip, end, false);
    }

    /**
     * Walks to where AH goes in a transport-mode packet (RFC 4302 §3.1.1): past Hop-by-Hop, a
     * Routing header and the Destination Options before it; returns the type of the header AH
     * will precede (the upper layer, a final Destination Options header, or 44) or {@link #MALFORMED}.
     */
    public int walkToAhPlace(byte[] b, int ip, int end) {
        return walk(b, ip, end, true);
    }

    private int walk(byte[] b, int ip, int end, boolean stopAtFinalOptions) {
        nextHeaderAt = ip + 6;
        offset = ip + Ipv6Header.LENGTH;
        int nh = b[nextHeaderAt] & 0xff;
        for (int i = 0; i <= MAX_HEADERS; i++) {
            boolean walked = (nh == HOP_BY_HOP && i == 0) || nh == ROUTING || nh == DESTINATION_OPTIONS;
            if (!walked) return nh;
            if (offset + 8 > end) return MALFORMED;
            int length = ((b[offset + 1] & 0xff) + 1) * 8;              // RFC 8200 §4.3: 8-octet units, minus the first
            if (offset + length > end) return MALFORMED;
            int following = b[offset] & 0xff;
            if (stopAtFinalOptions && nh == DESTINATION_OPTIONS && following != ROUTING) return nh;
            nextHeaderAt = offset;
            offset += length;
            nh = following;
        }
        return MALFORMED;
    }

    /** The header the last walk stopped at. */
    public int offset() { return offset; }

    /** The Next Header byte that names {@link #offset()}'s header. */
    public int nextHeaderAt() { return nextHeaderAt; }
}
