package org.ikd.daemon.control;

/**
 * One ISAKMP (Main Mode) SA as {@code ikdctl show mm} lists it; never a key.
 *
 * @param id               the number {@code ikdctl delete mm ID} takes
 * @param role             {@code initiator} or {@code responder}
 * @param initiatorCookie  16 hex digits (RFC 2408 §3.1)
 * @param responderCookie  16 hex digits, or all zero while the first reply is awaited
 * @param authentication   {@code psk} or {@code rsa-sig}
 * @param proposal         the accepted Main Mode method, strongSwan's spelling: {@code aes128-sha256-modp2048}
 * @param secondsLeft      until the SA's lifetime ends
 * @param quickModes       Quick Modes this SA has keyed
 * @param state            {@code established}, or the exchange step while negotiating (e.g. {@code MM3})
 * @param xauthUser        a road warrior's XAUTH user name and its state ({@code alice}, {@code alice (failed)},
 *                         {@code (xauth pending)}); null for a peer of an ordinary rule
 * @param virtualAddress   the address Mode-Config leased to the road warrior, or null
 */
public record MainModeSaView(long id, String rule, String me, String peer, String peerId, String role,
                             String initiatorCookie, String responderCookie, String authentication,
                             String proposal, long secondsLeft, int quickModes, boolean natTraversal,
                             String state, String xauthUser, String virtualAddress) {
    /** An SA of an ordinary rule: no XAUTH, no lease. */
    public MainModeSaView(long id, String rule, String me, String peer, String peerId, String role,
                          String initiatorCookie, String responderCookie, String authentication,
                          String proposal, long secondsLeft, int quickModes, boolean natTraversal, String state) {
        this(id, rule, me, peer, peerId, role, initiatorCookie, responderCookie, authentication, proposal, secondsLeft,
                quickModes, natTraversal, state, null, null);
    }
}
