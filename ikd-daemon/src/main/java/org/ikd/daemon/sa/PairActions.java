package org.ikd.daemon.sa;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.Step;
import org.ikd.core.ike.ipsec.PairAction;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Rule;
import org.ikd.core.sa.Direction;
import org.ikd.core.sa.IpsecSaPair;
import org.ikd.core.sa.IpsecSaSpec;
import org.ikd.daemon.datapath.AcquireQueue;
import org.ikd.daemon.datapath.Egress;
import org.ikd.daemon.log.AuditEvents;
import org.ikd.daemon.log.QuickModeSaSummary;
import org.ikd.daemon.policy.PolicyInForce;
import org.ikd.daemon.policyfile.ParsedPolicy;
import org.ikd.esp.DataPlane;
import org.ikd.esp.SaSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out what the engine decided for IPsec SA pairs ({@link PairAction}), on the IKE event loop
 * (so: nothing here blocks; nft and routes go to the timer thread). It decides nothing:
 * <ol>
 * <li>install: the data plane (inbound first), the pair's facts for {@code show qm}, the peer's
 *     protection for fallback, a default response pair's SPD entry and route; audit event 542;
 * <li>retire outbound: keep the final outbound counters, stop sending on the pair;
 * <li>remove: out of the data plane and the map, a default response pair's SPD entry and route;
 * <li>start sending: the end of a Quick Mode initiator's hold of a new pair;
 * <li>release held: the packets that waited for the pair ({@link AcquireQueue#release});
 * <li>clear traffic (DPD action clear): the rule's packets to the dead peer are dropped ({@link ClearedTraffic}).
 * </ol>
 */
public final class PairActions implements java.util.function.Consumer<PairAction> {
    private static final Logger log = LoggerFactory.getLogger(PairActions.class);

    private final DataPlane dp;
    private final InstalledPairs installed;
    private final Egress egress;
    private final AcquireQueue queue;
    private final Consumer<BiFunction<IkeEngine, Instant, Step>> engine;
    private final Supplier<ParsedPolicy> policy;
    private final ScheduledExecutorService timer;
    private final Fallback fallback;
    private final PolicyInForce inForce;
    private final AuditEvents audit;
    private final LongSupplier nanos;
    private final int natTraversalPort;
    private final ClearedTraffic cleared;

    public PairActions(DataPlane dp, InstalledPairs installed, Egress egress, AcquireQueue queue, Consumer<BiFunction<IkeEngine, Instant, Step>> engine,
                Supplier<ParsedPolicy> policy, ScheduledExecutorService timer, Fallback fallback, PolicyInForce inForce,
                AuditEvents audit, LongSupplier nanos, int natTraversalPort, ClearedTraffic cleared) {
        this.cleared = cleared;
        this.dp = dp;
        this.installed = installed;
        this.egress = egress;
        this.queue = queue;
        this.engine = engine;
        this.policy = policy;
        this.timer = timer;
        this.fallback = fallback;
        this.inForce = inForce;
        this.audit = audit;
        this.nanos = nanos;
        this.natTraversalPort = natTraversalPort;
    }

    @Override
    public void accept(PairAction a) {
        if (a instanceof PairAction.Install i) install(i);
        else if (a instanceof PairAction.RetireOutbound r) retireOutbound(r.pairId());
        else if (a instanceof PairAction.Remove r) remove(r.pairId());
        else if (a instanceof PairAction.ReleaseHeld h) queue.release(h.rule(), h.destination(), h.roundTrip());
        else if (a instanceof PairAction.ClearTraffic c) cleared.clear(c.rule(), c.peer());
        else if (a instanceof PairAction.StartSending s) dp.startSending(s.pairId());
        else if (a instanceof PairAction.AbandonHeld g) abandon(g);
    }

    private void install(PairAction.Install i) {
        IpsecSaPair pair = i.pair();
        IpsecSaSpec out = pair.outbound().outermost();
        InstalledPairs.Installed fresh = new InstalledPairs.Installed(pair, i.keyedBy(), i.peer(),
                new org.ikd.core.ike.AcquireRequest(pair.ruleName(), out.selector(), out.source(), out.destination()),
                pfs(pair.ruleName()), i.mainModeInitiator(), nanos.getAsLong(), i.peerVendor());
        try {
            if (out.natTraversal() != null) egress.learn(out.destination(), out.source(), natTraversalPort);
            if (i.holdOutbound()) queue.expect(fresh.again());             // its packets wait for StartSending
            dp.install(pair, i.sendNow(), i.holdOutbound());
        } catch (RuntimeException ex) {
            log.warn("could not install SA pair {}: {}", pair.id(), ex.toString());
            engine.accept((e, now) -> e.installFailed(pair.id(), ex.toString(), now));     // the engine counts it
            return;
        }
        installed.add(fresh);
        timer.execute(() -> fallback.peerProtected(out.destination()));
        if (isDefaultResponse(pair.ruleName())) timer.execute(() -> answered(pair.id(), out));
        audit.established(quickModeSummary(fresh));
    }

    /** The negotiation failed: what waited for it goes clear (its rule falls back) or is dropped, on the timer thread. */
    private void abandon(PairAction.AbandonHeld g) {
        List<AcquireQueue.Pending> gaveUp = queue.failed(g.peer());
        if (!gaveUp.isEmpty()) timer.execute(() -> fallback.negotiationEnded(gaveUp, "negotiation failed: " + g.reason()));
    }

    /** Stops sending on {@code pairId}, keeping its final outbound counters for {@code show qm}. */
    private void retireOutbound(long pairId) {
        InstalledPairs.Installed old = installed.find(pairId);
        if (old != null) {
            var spi = old.pair().outbound().outermost().spi();
            for (SaSnapshot s : dp.securityAssociations())
                if (s.pairId() == pairId && s.direction() == Direction.OUTBOUND && s.spi().equals(spi)) installed.retired(s);
        }
        dp.retireOutbound(pairId);
    }

    private void remove(long pairId) {
        dp.remove(pairId);
        InstalledPairs.Installed gone = installed.remove(pairId);
        if (gone != null && isDefaultResponse(gone.rule())) timer.execute(() -> answered(pairId, null));
    }

    /**
     * True when authenticated ESP (or AH) arrived on an inbound SA of {@code pairId}: the engine asks
     * when a Quick Mode we answered never got its HASH(3) (the peer sends on the pair: it has it).
     * Any thread; one scan of the SAs per such Quick Mode.
     */
    public static boolean inboundSeen(DataPlane dp, long pairId) {
        for (SaSnapshot s : dp.securityAssociations())
            if (s.pairId() == pairId && s.direction() == Direction.INBOUND && s.packets() > 0) return true;
        return false;
    }

    static boolean isDefaultResponse(String rule) {
        return Policy.DEFAULT_RESPONSE.equals(rule);
    }

    /** On the timer thread (nft, routes): the SPD entry and route of a default response pair, added or ({@code out} null) removed. */
    private void answered(long pairId, IpsecSaSpec out) {
        try {
            if (out != null) inForce.answered(pairId, out.selector());
            else inForce.answerEnded(pairId);
        } catch (IOException | RuntimeException e) {
            log.warn("could not {} the SPD entry and route of default response pair {}: {}", out != null ? "add" : "remove", pairId,
                    e.toString());
        }
    }

    private boolean pfs(String rule) {
        Policy p = policy.get().policy();
        Rule r = isDefaultResponse(rule) ? p.defaultResponse() : p.rule(rule).orElse(null);
        return r != null && r.action() instanceof FilterAction.Negotiate n && n.sessionKeyPfs();
    }

    static QuickModeSaSummary quickModeSummary(InstalledPairs.Installed i) {
        IpsecSaPair p = i.pair();
        IpsecSaSpec out = p.outbound().outermost();
        return new QuickModeSaSummary(p.id(), i.mainModeId(), p.ruleName(), i.initiator() ? "initiator" : "responder",
                org.ikd.core.policy.AddressText.of(out.source()),
                org.ikd.core.policy.AddressText.of(out.destination()), SaDescriptions.filter(out.selector()),
                SaDescriptions.transform(p.outbound()), SaDescriptions.encapsulation(p.outbound()),
                p.inbound().outermost().spi().toString(), out.spi().toString(), i.pfs(), out.lifetime().hardSeconds(),
                out.lifetime().hardBytes() / 1024, i.peerVendor());
    }
}
