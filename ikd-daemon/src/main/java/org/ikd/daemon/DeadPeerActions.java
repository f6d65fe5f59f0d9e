package org.ikd.daemon;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.IkeConfig;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.PeerLiveness;
import org.ikd.core.ike.auth.RulePreSharedKeys;
import org.ikd.core.policy.AddressText;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.Rule;
import org.ikd.daemon.log.OakleyLog;
import org.ikd.daemon.policyfile.DeadPeerDetection;
import org.ikd.daemon.policyfile.ParsedPolicy;
import org.ikd.daemon.policyfile.RuleOptions;

/**
 * Dead Peer Detection per rule (RFC 3706): tells the engine each peer's DPD delay and timeout and
 * NAT keepalive interval (from the rule that applies to it, as PSK lookup finds it), and carries
 * out the rule's action when the engine has declared the peer dead and deleted its SAs:
 * <ol>
 * <li>clear (strongSwan's {@code dpd_action = clear}): the rule's traffic to that peer stays down,
 *     its packets are dropped without negotiating until the peer contacts us, {@code ikdctl
 *     initiate} or a reload ({@link ClearedTraffic});
 * <li>hold (strongSwan's {@code trap}): nothing more. ikd's SPD keeps every negotiate rule, so the
 *     next packet of that traffic acquires a new SA;
 * <li>restart: acquire the deleted pair's traffic at once, and again every {@link #RETRY} until a
 *     new pair for it is installed, so the tunnel comes back as soon as the peer does.
 * </ol>
 * A Main Mode established with a peer lifts its clearances (it contacted us).
 * {@link #forPeer} runs on the IKE event loop; {@link #accept} on it too (before IkeOutcomes, which
 * forgets the pair); retries on the daemon's timer thread.
 */
final class DeadPeerActions implements PeerLiveness.Source, Consumer<IkeEvent> {
    static final Duration RETRY = Duration.ofSeconds(3);

    private final Supplier<ParsedPolicy> policy;
    private final InstalledPairs installed;
    private final ScheduledExecutorService timer;
    private final Consumer<AcquireRequest> acquire;
    private final OakleyLog oakley;
    private final ClearedTraffic cleared;
    private final Map<AcquireRequest, Boolean> restarting = new ConcurrentHashMap<>();

    DeadPeerActions(Supplier<ParsedPolicy> policy, InstalledPairs installed, ScheduledExecutorService timer,
                    Consumer<AcquireRequest> acquire, OakleyLog oakley, ClearedTraffic cleared) {
        this.policy = policy;
        this.installed = installed;
        this.timer = timer;
        this.acquire = acquire;
        this.oakley = oakley;
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

    @Override
    public void accept(IkeEvent e) {
        if (e instanceof IkeEvent.PhaseOneEstablished m) {
            cleared.liftPeer(m.remote().getAddress(), "the peer negotiated a Main Mode with us");
            return;
        }
        if (!(e instanceof IkeEvent.SaDeleted d) || d.by() != IkeEvent.DeletedBy.DEAD_PEER
                || !(d.which() instanceof IkeEvent.IpsecSaRef ref)) return;
        InstalledPairs.Installed gone = installed.find(ref.pairId());
        if (gone == null) return;
        DeadPeerDetection.Action action = action(gone.rule());
        if (action == DeadPeerDetection.Action.CLEAR) {
            cleared.clear(gone.rule(), gone.again().peer());
            return;
        }
        if (action == DeadPeerDetection.Action.HOLD) {
            oakley.line(AddressText.of(gone.peer()), "DPD", "action hold: rule '" + gone.rule()
                    + "' negotiates again on its next packet to the peer");
            return;
        }
        if (action != DeadPeerDetection.Action.RESTART) return;
        AcquireRequest again = gone.again();
        if (restarting.putIfAbsent(again, Boolean.TRUE) != null) return;
        oakley.line(AddressText.of(gone.peer()), "DPD", "action restart: negotiating rule '" + gone.rule()
                + "' again until the peer answers");
        retry(again, gone.pair().id());
    }

    private DeadPeerDetection.Action action(String rule) {
        DeadPeerDetection d = policy.get().options(rule).map(RuleOptions::dpd).orElse(null);
        return d == null ? null : d.action();
    }

    /** Acquires {@code again} until a pair for its traffic other than {@code deadPair} is installed, or the rule changed. */
    private void retry(AcquireRequest again, long deadPair) {
        boolean back = installed.all().stream().anyMatch(i -> i.pair().id() != deadPair && i.again().equals(again));
        if (back || action(again.ruleName()) != DeadPeerDetection.Action.RESTART) {
            restarting.remove(again);
            return;
        }
        acquire.accept(again);
        try {
            timer.schedule(() -> retry(again, deadPair), RETRY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            restarting.remove(again);
        }
    }
}
