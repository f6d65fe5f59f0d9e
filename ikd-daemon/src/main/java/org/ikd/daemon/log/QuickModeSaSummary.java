package org.ikd.daemon.log;

/**
 * What events 541 (Quick Mode) and 542 say about an IPsec SA pair; no key material.
 *
 * @param role         our role in the ISAKMP SA that keyed the pair, {@code initiator} or {@code responder}
 * @param filter       outbound selector, e.g. {@code 198.18.0.1 -> 198.18.1.0/24}
 * @param transform    e.g. {@code esp:aes128-sha1}
 * @param encapsulation {@code transport}, {@code tunnel}, {@code udp-transport} or {@code udp-tunnel}
 *                     (Windows: Transport/Tunnel Mode, UDP-Encapsulate-Transport/Tunnel)
 * @param lifetimeKilobytes 0 when unlimited
 * @param peerVendor   what the peer's vendor IDs named in the Main Mode that keyed the pair, "" when unknown
 */
public record QuickModeSaSummary(long id, long mainModeId, String rule, String role, String me, String peer, String filter,
                                 String transform, String encapsulation, String inboundSpi, String outboundSpi,
                                 boolean pfs, long lifetimeSeconds, long lifetimeKilobytes, String peerVendor) {
    /** A peer whose vendor IDs named nothing we know. */
    public QuickModeSaSummary(long id, long mainModeId, String rule, String role, String me, String peer, String filter, String transform,
                              String encapsulation, String inboundSpi, String outboundSpi, boolean pfs, long lifetimeSeconds,
                              long lifetimeKilobytes) {
        this(id, mainModeId, rule, role, me, peer, filter, transform, encapsulation, inboundSpi, outboundSpi, pfs, lifetimeSeconds,
                lifetimeKilobytes, "");
    }
}
