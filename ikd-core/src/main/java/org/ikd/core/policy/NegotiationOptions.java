package org.ikd.core.policy;

/**
 * What one rule says about how its SAs are negotiated, beyond its filter action: read by the
 * exchanges from the rule they key.
 *
 * @param replayWindow anti-replay window of the rule's inbound IPsec SAs in packets (RFC 4303
 *                     §3.4.3); 0 turns the check off
 * @param natTraversal whether the Main Modes and Quick Modes for the rule use NAT-T (RFC 3947, RFC 3948)
 * @param aggressive   phase 1 in Aggressive Mode with the rule's pre-shared key (RFC 2409 §5.4): we start
 *                     one instead of Main Mode, and answer one whose IDii selects this rule. Opt-in only:
 *                     HASH_R goes in the clear, so one captured exchange lets an attacker test PSK guesses offline
 * @param localId      the ID we send in Aggressive Mode (null: our address)
 * @param peerId       the ID the peer must send in Aggressive Mode, e.g. a KEY_ID group name (null: any,
 *                     when the rule applies to the peer's address)
 * @param remoteAccess the road-warrior gateway settings (XAUTH, Mode-Config pool), or null for an ordinary rule
 * @param xauthLogin   the road warrior's side: what to answer the gateway's XAUTH request, or null
 * @param liveness     DPD and NAT keepalive for the rule's peers, or null for the engine's defaults
 */
public record NegotiationOptions(int replayWindow, NatTraversal natTraversal, boolean aggressive, Identity localId,
                                 Identity peerId, RemoteAccess remoteAccess, XauthLogin xauthLogin, Liveness liveness) {
    public static final int DEFAULT_REPLAY_WINDOW = 64;
    /** The largest window the data plane keeps (ikd-esp's ReplayWindow.MAX_SIZE). */
    public static final int MAX_REPLAY_WINDOW = 65536;
    public static final NegotiationOptions DEFAULT = new NegotiationOptions(DEFAULT_REPLAY_WINDOW, NatTraversal.AUTO);

    /** When ESP goes in UDP. */
    public enum NatTraversal {
        /** Announce NAT-T; encapsulate when NAT-D shows a NAT between the peers (RFC 3947 §3.2). */
        AUTO,
        /** As auto, but our NAT-D hash is random, so both sides see a NAT and encapsulate (strongSwan's encap=yes). */
        FORCE,
        /** Announce no NAT-T vendor ID and send no NAT-D: IKE stays on port 500, ESP on protocol 50. */
        OFF
    }

    public NegotiationOptions {
        if (replayWindow < 0 || replayWindow > MAX_REPLAY_WINDOW)
            throw new IllegalArgumentException("replay window " + replayWindow + " (expected: 0 (off) .. " + MAX_REPLAY_WINDOW + ")");
        if (natTraversal == null) throw new IllegalArgumentException("no NAT-T mode (expected: AUTO, FORCE or OFF)");
    }

    /** The engine's DPD and keepalive defaults. */
    public NegotiationOptions(int replayWindow, NatTraversal natTraversal, boolean aggressive, Identity localId, Identity peerId,
                              RemoteAccess remoteAccess, XauthLogin xauthLogin) {
        this(replayWindow, natTraversal, aggressive, localId, peerId, remoteAccess, xauthLogin, null);
    }

    /** Neither side of remote access. */
    public NegotiationOptions(int replayWindow, NatTraversal natTraversal, boolean aggressive, Identity localId, Identity peerId) {
        this(replayWindow, natTraversal, aggressive, localId, peerId, null, null);
    }

    /** The same options for a remote-access rule. */
    public NegotiationOptions withRemoteAccess(RemoteAccess settings) {
        return new NegotiationOptions(replayWindow, natTraversal, aggressive, localId, peerId, settings, xauthLogin, liveness);
    }

    /** The same options for a road warrior's rule that logs in with {@code login}. */
    public NegotiationOptions withXauthLogin(XauthLogin login) {
        return new NegotiationOptions(replayWindow, natTraversal, aggressive, localId, peerId, remoteAccess, login, liveness);
    }

    /** The same options with DPD and keepalive {@code l}. */
    public NegotiationOptions withLiveness(Liveness l) {
        return new NegotiationOptions(replayWindow, natTraversal, aggressive, localId, peerId, remoteAccess, xauthLogin, l);
    }

    /** Main Mode only. */
    public NegotiationOptions(int replayWindow, NatTraversal natTraversal) {
        this(replayWindow, natTraversal, false, null, null);
    }
}
