package org.ikd.daemon.log;

/**
 * What events 541 (Main Mode) and 543 say about an ISAKMP SA; no key material.
 *
 * @param id             the ISAKMP SA's serial, as {@code show mm} shows it
 * @param role           {@code initiator} or {@code responder}
 * @param peerVendor     what the peer's vendor IDs name, "" when unknown
 * @param authentication {@code psk}, {@code rsa-sig}, {@code ecdsa-256}, ...
 * @param proposal       e.g. {@code aes128-sha256-modp2048}
 * @param initiatorCookie 16 hex digits
 */
public record MainModeSaSummary(long id, String rule, String role, String me, String peer, String peerId, String peerVendor,
                                String authentication, String proposal, String initiatorCookie, String responderCookie,
                                long lifetimeSeconds) {
}
