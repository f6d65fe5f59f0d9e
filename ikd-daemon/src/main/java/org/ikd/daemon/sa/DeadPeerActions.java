package org.ikd.daemon.sa;

import java.net.InetAddress;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.ikd.core.ike.IkeConfig;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.PeerLiveness;
import org.ikd.core.ike.auth.RulePreSharedKeys;
import org.ikd.core.ike.ipsec.DeadPeerAction;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.Rule;
import org.ikd.daemon.policyfile.DeadPeerDetection;
import org.ikd.daemon.policyfile.ParsedPolicy;
import org.ikd.daemon.policyfile.RuleOptions;

/**
 * Dead Peer Detection per rule (RFC 3706), read from the policy file for the engine: each peer's DPD
 * delay, timeout and NAT keepalive interval (from the rule that applies to it, as PSK lookup finds
 * it), and each rule's action once the engine has declared a peer dead and deleted its SAs
 * ({@link #deadPeerAction}; the engine carries it out: {@code org.ikd.core.ike.PairLifecycle#peerDead}):
 * <ol>
 * <li>clear (strongSwan's {@code dpd_action = clear}): the engine asks for the rule's traffic to that
 *     peer to be dropped without negotiating ({@code PairAction.ClearTraffic}, {@link ClearedTraffic})
 *     until the peer contacts us, {@code ikdctl initiate} or a reload;
 * <li>hold (strongSwan's {@code trap}): nothing more. ikd's SPD keeps every negotiate rule, so the
 *     next packet of that traffic acquires a new SA;
 * <li>restart: the engine negotiates the deleted pair's traffic at once, and again every 3 s until a
 *     new pair for it is installed, so the tunnel comes back as soon as the peer does.
 * </ol>
 * A Main Mode established with a peer lifts its clearances (it contacted us): {@link #accept}.
 * Everything here runs on the IKE event loop.
 */
public final class DeadPeerActions implements PeerLiveness.Source, Consumer<IkeEvent> {
    private final Supplier<ParsedPolicy> policy;
    private final ClearedTraffic cleared;

    public DeadPeerActions(Supplier<ParsedPolicy> policy, ClearedTraffic cleared) {
        this.policy = policy;
        this.cleared = cleared;
    }

    /** The first negotiate rule that applies to {@code peer}: its DPD (none: off) and keepalive; null if no rule does. */
    @Override
    public PeerLiveness forPeer(InetAddress peer) {
        ParsedPolicy p = policy.get();
        for (Rule r : p.policy().rules()) {
            if (!(r.action() instanceof FilterAction.Negotiate) || !RulePreSharedKeys.appliesTo(r, peer)) continue;
            RuleOptions o = p.options(r.name()).orElse(null);
            if (o == null) return null;
            Duration keepalive = o.natKeepaliveSeconds() > 0 ? Duration.ofSeconds(o.natKeepaliveSeconds())
                    : IkeConfig.DEFAULT.natKeepalive();
            DeadPeerDetection d = o.dpd();
            if (d == null) return new PeerLiveness(Duration.ZERO, Duration.ZERO, keepalive);
            // RFC 3706 §5.5: probe after the delay; dead when the timeout has passed since that probe
            return new PeerLiveness(Duration.ofSeconds(d.delaySeconds()), Duration.ofSeconds(d.timeoutSeconds()), keepalive);
        }
        return null;
    }

    /** {@code rule}'s DPD action as the policy in force says now; null without DPD. */
    @Override
    public DeadPeerAction deadPeerAction(String rule) {
        DeadPeerDetection d = policy.get().options(rule).map(RuleOptions::dpd).orElse(null);
        if (d == null || d.action() == null) return null;
        return switch (d.action()) {
            case CLEAR -> DeadPeerAction.CLEAR;
            case HOLD -> DeadPeerAction.HOLD;
            case RESTART -> DeadPeerAction.RESTART;
        };
    }

    @Override
    public void accept(IkeEvent e) {
        if (e instanceof IkeEvent.PhaseOneEstablished m) cleared.liftPeer(m.remote().getAddress(), "the peer negotiated a Main Mode with us");
    }
}
