package org.ikd.core.ike.exchange;

/**
 * How ikd negotiates where policy does not say.
 *
 * @param forceUdpEncapsulation send a fake NAT-D hash for our address in every Main Mode so both sides use UDP
 *                              4500 and UDP-encapsulated ESP even without a NAT (strongSwan's {@code encap=yes}),
 *                              whatever the rules say (per rule: NegotiationOptions.NatTraversal.FORCE)
 * @param initialContact        send INITIAL-CONTACT in Main Mode 5 (RFC 2407 §4.6.3.3)
 * @param natTraversalPort      UDP port to float to (4500)
 * @param replayWindow          no longer read: each rule has its window (NegotiationOptions.replayWindow)
 * @param softLifetimePercent   soft IPsec SA lifetime (re-key) as a share of the hard one
 * @param nonceLength           bytes of Ni/Nr (RFC 2409 §5: 8..256)
 * @param natTraversalDraftOnly announce and accept only draft-ietf-ipsec-nat-t-ike-02 (NAT-D 130, modes
 *                              61443/61444), as Windows XP SP2 does, never RFC 3947
 * @param fragmentationVendorId announce IKE fragmentation (the FRAGMENTATION vendor ID) in Main Mode 1/2;
 *                              false for {@code ike-fragmentation = "no"} (strongSwan sends none then either)
 */
public record ExchangeOptions(boolean forceUdpEncapsulation, boolean initialContact, int natTraversalPort,
                              int replayWindow, int softLifetimePercent, int nonceLength, boolean natTraversalDraftOnly,
                              boolean fragmentationVendorId) {
    public static final ExchangeOptions DEFAULT = new ExchangeOptions(false, true, 4500, 64, 90, 32, false, true);

    public ExchangeOptions {
        if (nonceLength < 8 || nonceLength > 256) throw new IllegalArgumentException("nonce of " + nonceLength + " bytes (expected: 8..256)");
        if (softLifetimePercent < 1 || softLifetimePercent > 100) throw new IllegalArgumentException("soft lifetime " + softLifetimePercent + "%");
    }

    /** Without the draft-only switch (RFC 3947 and the drafts, the best the peer speaks), announcing fragmentation. */
    public ExchangeOptions(boolean forceUdpEncapsulation, boolean initialContact, int natTraversalPort,
                           int replayWindow, int softLifetimePercent, int nonceLength) {
        this(forceUdpEncapsulation, initialContact, natTraversalPort, replayWindow, softLifetimePercent, nonceLength, false, true);
    }

    /** Announcing fragmentation. */
    public ExchangeOptions(boolean forceUdpEncapsulation, boolean initialContact, int natTraversalPort,
                           int replayWindow, int softLifetimePercent, int nonceLength, boolean natTraversalDraftOnly) {
        this(forceUdpEncapsulation, initialContact, natTraversalPort, replayWindow, softLifetimePercent, nonceLength,
                natTraversalDraftOnly, true);
    }

    public ExchangeOptions withForcedEncapsulation(boolean force) {
        return new ExchangeOptions(force, initialContact, natTraversalPort, replayWindow, softLifetimePercent, nonceLength,
                natTraversalDraftOnly, fragmentationVendorId);
    }

    public ExchangeOptions withNatTraversalPort(int port) {
        return new ExchangeOptions(forceUdpEncapsulation, initialContact, port, replayWindow, softLifetimePercent, nonceLength,
                natTraversalDraftOnly, fragmentationVendorId);
    }

    /** Speak only draft-ietf-ipsec-nat-t-ike-02 (as Windows XP SP2), or every dialect. */
    public ExchangeOptions withDraftOnlyNatTraversal(boolean draftOnly) {
        return new ExchangeOptions(forceUdpEncapsulation, initialContact, natTraversalPort, replayWindow, softLifetimePercent,
                nonceLength, draftOnly, fragmentationVendorId);
    }

    public ExchangeOptions withFragmentationVendorId(boolean announce) {
        return new ExchangeOptions(forceUdpEncapsulation, initialContact, natTraversalPort, replayWindow, softLifetimePercent,
                nonceLength, natTraversalDraftOnly, announce);
    }
}
