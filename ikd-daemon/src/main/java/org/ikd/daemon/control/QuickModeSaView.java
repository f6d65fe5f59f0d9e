package org.ikd.daemon.control;

/**
 * One IPsec SA pair (one Quick Mode) as {@code ikdctl show qm} lists it; never a key.
 *
 * @param id               the number {@code ikdctl delete qm ID} takes ({@code IpsecSaPair.id})
 * @param mainModeId       the ISAKMP SA that keyed it
 * @param mode             {@code transport} or {@code tunnel}
 * @param udpEncapsulated  ESP in UDP/4500 (RFC 3948)
 * @param transform        e.g. {@code esp:aes128-sha1}, {@code ah:sha1+esp:3des-sha1}
 * @param inboundSpi       8 hex digits (the outermost SA of the inbound bundle)
 * @param outboundSpi      8 hex digits
 * @param filter           the traffic it carries, outbound direction: {@code 198.18.0.1 -> 198.18.1.0/24}
 * @param secondsLeft      null when the SA has no time limit
 * @param kilobytesLeft    null when the SA has no volume limit
 */
public record QuickModeSaView(long id, long mainModeId, String rule, String me, String peer, String mode,
                              boolean udpEncapsulated, String transform, boolean pfs, String inboundSpi,
                              String outboundSpi, String filter, Long secondsLeft, Long kilobytesLeft,
                              long bytesIn, long bytesOut, long packetsIn, long packetsOut) {
}
