package org.ikd.core.ike;

import java.net.InetAddress;
import java.time.Duration;
import java.util.function.Supplier;
import org.ikd.core.ike.auth.RulePreSharedKeys;
import org.ikd.core.ike.ipsec.DeadPeerAction;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.Liveness;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Rule;

/**
 * DPD and NAT keepalive per peer from the policy in force: the first negotiate rule that applies to
 * the peer (as the pre-shared key lookup finds it) gives its {@link Liveness}; a rule without one,
 * or a peer no rule applies to, gets the engine's defaults ({@link PeerLiveness#of}). Read on the
 * IKE event loop each time, so a reload's DPD change applies to the next probe.
 */
public final class RuleLiveness implements PeerLiveness.Source {
    private final Supplier<Policy> policy;
    private final Duration defaultKeepalive;

    public RuleLiveness(Supplier<Policy> policy, IkeConfig config) {
        this.policy = policy;
        this.defaultKeepalive = config.natKeepalive();
    }

    @Override
    public PeerLiveness forPeer(InetAddress peer) {
        for (Rule r : policy.get().rules()) {
            if (!(r.action() instanceof FilterAction.Negotiate) || !RulePreSharedKeys.appliesTo(r, peer)) continue;
            Liveness l = r.options().liveness();
            if (l == null) return null;
            Duration keepalive = l.natKeepalive() != null ? l.natKeepalive() : defaultKeepalive;
            // RFC 3706 §5.5: probe after the delay; dead when the timeout has passed since that probe
            return new PeerLiveness(l.dpdDelay(), l.dpd() ? l.dpdTimeout() : Duration.ZERO, keepalive);
        }
        return null;
    }

    @Override
    public DeadPeerAction deadPeerAction(String rule) {
        Liveness l = policy.get().rule(rule).map(r -> r.options().liveness()).orElse(null);
        if (l == null || !l.dpd() || l.action() == null) return null;
        return switch (l.action()) {
            case CLEAR -> DeadPeerAction.CLEAR;
            case HOLD -> DeadPeerAction.HOLD;
            case RESTART -> DeadPeerAction.RESTART;
        };
    }
}
