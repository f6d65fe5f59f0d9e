package org.ikd.daemon.policyfile;

import java.time.Duration;
import org.ikd.core.policy.Liveness;
import org.ikd.core.policy.NegotiationOptions;

/**
 * What a rule of the policy file says beyond the core {@link org.ikd.core.policy.Rule}.
 *
 * @param localId      the identity we send in Main Mode, or null for our IP address
 * @param peerId       the identity the peer must prove, or null for any it authenticates
 *                     (with a PSK the key is chosen by the peer's address: RFC 2409 §5.4)
 * @param dpd          Dead Peer Detection, or null when off
 * @param replayWindow anti-replay window in packets (RFC 4303 §3.4.3); 0 turns it off
 * @param natKeepaliveSeconds NAT keepalive interval while we are behind a NAT (RFC 3948 §2.3); 0: the default 20 s
 * @param aggressive   phase 1 in Aggressive Mode with the rule's pre-shared key (RFC 2409 §5.4), opt-in
 * @param remoteAccess the rule serves road warriors (XAUTH, Mode-Config pool), or null
 * @param xauthLogin   the rule is a road warrior's: what it answers its gateway's XAUTH request, or null
 */
public record RuleOptions(String description, IkeIdentity localId, IkeIdentity peerId, DeadPeerDetection dpd,
                          NatTraversalMode natTraversal, int replayWindow, long natKeepaliveSeconds, boolean aggressive,
                          org.ikd.core.policy.RemoteAccess remoteAccess, org.ikd.core.policy.XauthLogin xauthLogin) {
    public static final int DEFAULT_REPLAY_WINDOW = 64;
    public static final int MAX_REPLAY_WINDOW = 4096;

    public RuleOptions {
        if (replayWindow < 0 || replayWindow > MAX_REPLAY_WINDOW)
            throw new IllegalArgumentException("replay window " + replayWindow + " (expected: 0.." + MAX_REPLAY_WINDOW + ")");
        if (natKeepaliveSeconds < 0) throw new IllegalArgumentException("NAT keepalive " + natKeepaliveSeconds + "s (expected: >= 0)");
    }

    /** DPD (none: off) and the NAT keepalive interval (0: the engine's default) as the engine reads them. */
    private Liveness liveness() {
        Duration keepalive = natKeepaliveSeconds > 0 ? Duration.ofSeconds(natKeepaliveSeconds) : null;
        if (dpd == null) return new Liveness(Duration.ZERO, Duration.ZERO, null, keepalive);
        Liveness.DpdAction action = dpd.action() == null ? null : switch (dpd.action()) {
            case CLEAR -> Liveness.DpdAction.CLEAR;
            case HOLD -> Liveness.DpdAction.HOLD;
            case RESTART -> Liveness.DpdAction.RESTART;
        };
        return new Liveness(Duration.ofSeconds(dpd.delaySeconds()), Duration.ofSeconds(dpd.timeoutSeconds()), action, keepalive);
    }

    /**
     * What the exchanges read from the core rule: the replay window, and NAT-T ({@code draft-02} is
     * {@code auto} there; its dialect switch is daemon-wide, in ExchangeOptions).
     */
    public NegotiationOptions negotiation() {
        NegotiationOptions.NatTraversal nat = switch (natTraversal == null ? NatTraversalMode.AUTO : natTraversal) {
            case FORCE -> NegotiationOptions.NatTraversal.FORCE;
            case OFF -> NegotiationOptions.NatTraversal.OFF;
            case AUTO, DRAFT_02 -> NegotiationOptions.NatTraversal.AUTO;
        };
        return new NegotiationOptions(replayWindow, nat, aggressive, CertificateIdentities.core(localId), CertificateIdentities.core(peerId),
                remoteAccess, xauthLogin, liveness());
    }

    public RuleOptions(String description, IkeIdentity localId, IkeIdentity peerId, DeadPeerDetection dpd,
                       NatTraversalMode natTraversal, int replayWindow, long natKeepaliveSeconds, boolean aggressive) {
        this(description, localId, peerId, dpd, natTraversal, replayWindow, natKeepaliveSeconds, aggressive, null, null);
    }

    public RuleOptions withRemoteAccess(org.ikd.core.policy.RemoteAccess settings, org.ikd.core.policy.XauthLogin login) {
        return new RuleOptions(description, localId, peerId, dpd, natTraversal, replayWindow, natKeepaliveSeconds, aggressive, settings, login);
    }

    public RuleOptions(String description, IkeIdentity localId, IkeIdentity peerId, DeadPeerDetection dpd,
                       NatTraversalMode natTraversal, int replayWindow, long natKeepaliveSeconds) {
        this(description, localId, peerId, dpd, natTraversal, replayWindow, natKeepaliveSeconds, false);
    }

    public RuleOptions(String description, IkeIdentity localId, IkeIdentity peerId, DeadPeerDetection dpd,
                       NatTraversalMode natTraversal, int replayWindow) {
        this(description, localId, peerId, dpd, natTraversal, replayWindow, 0);
    }
}
