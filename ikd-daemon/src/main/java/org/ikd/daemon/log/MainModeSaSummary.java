package org.ikd.daemon.log;

/**
 * What events 541 (Main Mode) and 543 say about an ISAKMP SA; no key material.
 *
 * @param authentication {@code psk} or {@code rsa-sig}
 * @param proposal       e.g. {@code aes128-sha256-modp2048}
 * @param initiatorCookie 16 hex digits
 */
public record MainModeSaSummary(long id, String rule, String me, String peer, String peerId, String authentication,
                                String proposal, String initiatorCookie, String responderCookie, long lifetimeSeconds) {
}
