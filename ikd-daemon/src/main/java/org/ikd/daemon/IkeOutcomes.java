package org.ikd.daemon;

import java.io.IOException;
import java.net.InetAddress;
import java.time.LocalDateTime;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.CookiePair;
import org.ikd.core.ike.IkeCounter;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.ike.auth.RulePreSharedKeys;
import org.ikd.core.policy.AddressText;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Rule;
import org.ikd.core.sa.IpsecSaPair;
import org.ikd.core.sa.Direction;
import org.ikd.core.sa.IpsecSaSpec;
import org.ikd.core.sa.Spi;
import org.ikd.daemon.control.DiagReport;
import org.ikd.daemon.log.AuditEvents;
import org.ikd.daemon.log.FailedNegotiation;
import org.ikd.daemon.log.MainModeSaSummary;
import org.ikd.daemon.log.QuickModeSaSummary;
import org.ikd.daemon.policyfile.ParsedPolicy;
import org.ikd.esp.DataPlane;
import org.ikd.esp.SaSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on what the IKE engine reports, on its event loop (so: nothing here blocks):
 * <ol>
 * <li>Quick Mode established: install the pair in the data plane (inbound first, then outbound),
 *     retire the outbound side of the pair it rekeys, release the packets that waited for it
 *     (after a delay scaled to our Quick Mode round trip: {@link AcquireQueue#releaseDelayNanos}),
 *     end a soft association with the peer (on the timer thread: it calls nft); a pair of the
 *     default response gets its own SPD entry and route ({@link PolicyInForce#answered});
 * <li>SA deleted: remove the pair from the data plane (and a default response pair's SPD entry);
 * <li>negotiation failed: the waiting packets are dropped or, with fallback to clear, sent clear;
 * <li>every event: one Oakley log line, and the audit events 541/542/543/547.
 * </ol>
 */
final class IkeOutcomes implements Consumer<IkeEvent> {
    private static final Logger log = LoggerFactory.getLogger(IkeOutcomes.class);
    /**
     * How long a rekey keeps sending on the old outbound SA after installing the new pair: the
     * Quick Mode responder installs its new inbound SA only when it has processed message 3
     * (RFC 2409 §5.5), so ESP on the new SPI sent at once could arrive before and be dropped.
     */
    static final long HANDOVER_MILLIS = 500;

    /** What {@code show mm} needs that the engine's ISAKMP SA does not keep. */
    record MainModeFacts(String proposal, String authentication, String peerId) {}

    private final DataPlane dp;
    private final InstalledPairs installed;
    private final Egress egress;
    private final AcquireQueue queue;
    private final Supplier<IkeEngine> engine;
    private final Supplier<ParsedPolicy> policy;
    private final ScheduledExecutorService timer;
    private final Fallback fallback;
    private final PolicyInForce inForce;
    private final OakleyRenderer oakley;
    private final AuditEvents audit;
    private final LongSupplier nanos;
    private final int natTraversalPort;
    private final Consumer<java.util.function.BiFunction<IkeEngine, java.time.Instant, org.ikd.core.ike.Step>> ike;
    final Map<CookiePair, MainModeFacts> mainModes = new ConcurrentHashMap<>();
    /** The last failed negotiations, newest last, for {@code ikdctl diag}. */
    private final Deque<DiagReport.Failure> failures = new ConcurrentLinkedDeque<>();
    private static final int KEPT_FAILURES = 10;

    IkeOutcomes(DataPlane dp, InstalledPairs installed, Egress egress, AcquireQueue queue, Supplier<IkeEngine> engine,
                Supplier<ParsedPolicy> policy, ScheduledExecutorService timer, Fallback fallback, PolicyInForce inForce,
                OakleyRenderer oakley, AuditEvents audit,
                LongSupplier nanos, int natTraversalPort,
                Consumer<java.util.function.BiFunction<IkeEngine, java.time.Instant, org.ikd.core.ike.Step>> ike) {
        this.ike = ike;
        this.dp = dp;
        this.installed = installed;
        this.egress = egress;
        this.queue = queue;
        this.engine = engine;
        this.policy = policy;
        this.timer = timer;
        this.fallback = fallback;
        this.inForce = inForce;
        this.oakley = oakley;
        this.audit = audit;
        this.nanos = nanos;
        this.natTraversalPort = natTraversalPort;
    }

    @Override
    public void accept(IkeEvent e) {
        oakley.render(e);
        if (e instanceof IkeEvent.QuickModeEstablished q) install(q);
        else if (e instanceof IkeEvent.PhaseOneEstablished m) phaseOne(m);
        else if (e instanceof IkeEvent.SaDeleted d) deleted(d);
        else if (e instanceof IkeEvent.NegotiationFailed f) failed(f);
    }

    private void install(IkeEvent.QuickModeEstablished q) {
        IpsecSaPair pair = q.pair();
        IpsecSaSpec out = pair.outbound().outermost();
        InetAddress peer = q.remote().getAddress();
        IsakmpSa sa = engine.get().find(q.cookies());
        InstalledPairs.Installed fresh = new InstalledPairs.Installed(pair, sa == null ? 0 : sa.serial(), peer,
                new AcquireRequest(pair.ruleName(), out.selector(), out.source(), out.destination()), pfs(pair.ruleName()),
                sa == null || sa.role() == IsakmpSa.Role.INITIATOR, nanos.getAsLong());
        Set<Long> renewing = installed.renewing(fresh);
        RekeyCollisions.Resolution collision = !RekeyCollisions.peerResolvesAlike(sa == null ? null : sa.peerVendor()) ? null
                : RekeyCollisions.of(fresh, installed.liveSameTraffic(fresh), i -> i == fresh ? renewing : installed.renewedBy(i.pair().id()));
        boolean redundant = collision != null && collision.drop() == fresh;
        // a redundant pair replaces nothing: the pair it collided with carries on as it did
        List<InstalledPairs.Installed> replaced = redundant ? List.of() : installed.replacedBy(fresh);
        try {
            if (out.natTraversal() != null) egress.learn(out.destination(), out.source(), natTraversalPort);
            dp.install(pair, replaced.isEmpty() && !redundant);
            if (redundant) dp.retireOutbound(pair.id());
        } catch (RuntimeException ex) {
            engine.get().statistics().increment(IkeCounter.KEY_ADDITION_FAILURES);
            log.warn("could not install SA pair {}: {}", pair.id(), ex.toString());
            return;
        }
        installed.add(fresh);
        if (collision != null) resolve(collision);
        engine.get().statistics().increment(replaced.isEmpty() ? IkeCounter.KEY_ADDITIONS : IkeCounter.KEY_UPDATES);
        if (!replaced.isEmpty()) timer.schedule(() -> replaced.forEach(this::retireOutbound), HANDOVER_MILLIS, TimeUnit.MILLISECONDS);
        queue.release(pair.ruleName(), out.destination(), q.quickModeRoundTrip());
        timer.execute(() -> fallback.peerProtected(out.destination()));
        if (isDefaultResponse(pair.ruleName())) timer.execute(() -> answered(pair.id(), out));
        audit.established(quickModeSummary(fresh));
    }

    /**
     * Both peers rekeyed the same traffic at once ({@link RekeyCollisions}): nobody sends on the
     * redundant pair, and after the grace time it is deleted with a Delete to the peer.
     */
    private void resolve(RekeyCollisions.Resolution c) {
        long drop = c.drop().pair().id();
        installed.dropping(drop);
        String why = "rekey collision: pair " + c.keep().pair().id() + " renews the same traffic; pair " + drop
                + " holds the lowest SPI, so both peers drop it";
        log.info("SA pair {} of rule '{}': {}", drop, c.drop().rule(), why);
        timer.schedule(() -> ike.accept((e, now) -> e.deleteIpsecSa(drop, why, now)), RekeyCollisions.GRACE_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** Stops sending on {@code old}, keeping its final outbound counters for {@code show qm}. */
    private void retireOutbound(InstalledPairs.Installed old) {
        installed.handedOver(old.pair().id());
        Spi spi = old.pair().outbound().outermost().spi();
        for (SaSnapshot s : dp.securityAssociations())
            if (s.pairId() == old.pair().id() && s.direction() == Direction.OUTBOUND && s.spi().equals(spi)) installed.retired(s);
        dp.retireOutbound(old.pair().id());
    }

    private void phaseOne(IkeEvent.PhaseOneEstablished m) {
        String[] words = m.summary().split("[ ,]+");
        MainModeFacts facts = new MainModeFacts(words[0], words.length > 1 ? words[1] : "psk", m.peerId());
        mainModes.put(m.cookies(), facts);
        IsakmpSa sa = engine.get().find(m.cookies());
        long serial = sa == null ? 0 : sa.serial();
        long life = sa == null || sa.expiresAt() == null ? 0 : Math.max(0, sa.expiresAt().getEpochSecond() - sa.created().getEpochSecond());
        audit.established(new MainModeSaSummary(serial, null, AddressText.of(m.local().getAddress()),
                AddressText.of(m.remote().getAddress()), m.peerId(), facts.authentication(), facts.proposal(),
                String.format("%016x", m.cookies().initiator()), String.format("%016x", m.cookies().responder()), life));
    }

    private void deleted(IkeEvent.SaDeleted d) {
        if (d.which() instanceof IkeEvent.IpsecSaRef r) {
            dp.remove(r.pairId());
            InstalledPairs.Installed gone = installed.remove(r.pairId());
            if (gone != null && isDefaultResponse(gone.rule())) timer.execute(() -> answered(r.pairId(), null));
            if (gone != null) audit.ended(quickModeSummary(gone), d.why());
        } else if (d.which() instanceof IkeEvent.IsakmpSaRef r) {
            MainModeFacts facts = mainModes.remove(r.cookies());
            audit.ended(new MainModeSaSummary(0, null, null, AddressText.of(r.remote().getAddress()),
                    facts == null ? null : facts.peerId(), facts == null ? null : facts.authentication(),
                    facts == null ? null : facts.proposal(), String.format("%016x", r.cookies().initiator()),
                    String.format("%016x", r.cookies().responder()), 0), d.why());
        }
    }

    private void failed(IkeEvent.NegotiationFailed f) {
        String rule = f.remote() == null ? null : ruleFor(f.remote().getAddress());
        audit.failed(new FailedNegotiation(f.phase(), rule, null, OakleyRenderer.peer(f.remote()), null, null, f.point(), f.reason()));
        failures.addLast(new DiagReport.Failure(LocalDateTime.now().withNano(0).toString(),
                f.phase() == IkeEvent.Phase.QUICK_MODE ? "quick" : "main", rule, OakleyRenderer.peer(f.remote()),
                f.point().name().toLowerCase(Locale.ROOT), f.reason()));
        while (failures.size() > KEPT_FAILURES) failures.pollFirst();
        InetAddress peer = f.remote() == null ? null : f.remote().getAddress();
        if (peer == null) return;
        var gaveUp = queue.failed(peer);
        if (!gaveUp.isEmpty()) timer.execute(() -> fallback.negotiationEnded(gaveUp, "negotiation failed: " + f.reason()));
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

    List<DiagReport.Failure> lastFailures() {
        return List.copyOf(failures);
    }

    /** The first negotiate rule that may negotiate with {@code peer} (RulePreSharedKeys' choice), or null. */
    private String ruleFor(InetAddress peer) {
        for (Rule r : policy.get().policy().rules())
            if (r.action() instanceof FilterAction.Negotiate && RulePreSharedKeys.appliesTo(r, peer)) return r.name();
        return null;
    }

    private boolean pfs(String rule) {
        Policy p = policy.get().policy();
        Rule r = isDefaultResponse(rule) ? p.defaultResponse() : p.rule(rule).orElse(null);
        return r != null && r.action() instanceof FilterAction.Negotiate n && n.sessionKeyPfs();
    }

    static QuickModeSaSummary quickModeSummary(InstalledPairs.Installed i) {
        IpsecSaPair p = i.pair();
        IpsecSaSpec out = p.outbound().outermost();
        return new QuickModeSaSummary(p.id(), i.mainModeId(), p.ruleName(), AddressText.of(out.source()),
                AddressText.of(out.destination()), SaDescriptions.filter(out.selector()), SaDescriptions.transform(p.outbound()),
                SaDescriptions.encapsulation(p.outbound()), p.inbound().outermost().spi().toString(), out.spi().toString(),
                i.pfs(), out.lifetime().hardSeconds(), out.lifetime().hardBytes() / 1024);
    }
}
