package org.ikd.daemon;

import java.net.InetAddress;
import java.time.LocalDateTime;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.ikd.core.ike.CookiePair;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.ike.auth.RulePreSharedKeys;
import org.ikd.core.policy.AddressText;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.Rule;
import org.ikd.daemon.control.DiagReport;
import org.ikd.daemon.log.AuditEvents;
import org.ikd.daemon.log.FailedNegotiation;
import org.ikd.daemon.log.MainModeSaSummary;
import org.ikd.daemon.policyfile.ParsedPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on what the IKE engine reports, on its event loop (so: nothing here blocks). What happens
 * to IPsec SA pairs in the data plane is not here: the engine decides it and {@link PairActions}
 * carries it out, after the events of the same step.
 * <ol>
 * <li>Main Mode established and SA deleted: audit events 541/542/543, {@code show mm} facts;
 * <li>negotiation failed: the waiting packets are dropped or, with fallback to clear, sent clear;
 * <li>every event: one Oakley log line, and the audit events 541/542/543/547.
 * </ol>
 */
final class IkeOutcomes implements Consumer<IkeEvent> {
    private static final Logger log = LoggerFactory.getLogger(IkeOutcomes.class);
    /** What {@code show mm} needs that the engine's ISAKMP SA does not keep. */
    record MainModeFacts(String proposal, String authentication, String peerId) {}

    private final InstalledPairs installed;
    private final AcquireQueue queue;
    private final Supplier<IkeEngine> engine;
    private final Supplier<ParsedPolicy> policy;
    private final ScheduledExecutorService timer;
    private final Fallback fallback;
    private final OakleyRenderer oakley;
    private final AuditEvents audit;
    final Map<CookiePair, MainModeFacts> mainModes = new ConcurrentHashMap<>();
    /** The last failed negotiations, newest last, for {@code ikdctl diag}. */
    private final Deque<DiagReport.Failure> failures = new ConcurrentLinkedDeque<>();
    private static final int KEPT_FAILURES = 10;

    IkeOutcomes(InstalledPairs installed, AcquireQueue queue, Supplier<IkeEngine> engine, Supplier<ParsedPolicy> policy,
                ScheduledExecutorService timer, Fallback fallback, OakleyRenderer oakley, AuditEvents audit) {
        this.installed = installed;
        this.queue = queue;
        this.engine = engine;
        this.policy = policy;
        this.timer = timer;
        this.fallback = fallback;
        this.oakley = oakley;
        this.audit = audit;
    }

    @Override
    public void accept(IkeEvent e) {
        oakley.render(e);
        if (e instanceof IkeEvent.PhaseOneEstablished m) phaseOne(m);
        else if (e instanceof IkeEvent.SaDeleted d) deleted(d);
        else if (e instanceof IkeEvent.NegotiationFailed f) failed(f);
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
            InstalledPairs.Installed gone = installed.find(r.pairId());     // removed by the pair action that follows
            if (gone != null) audit.ended(PairActions.quickModeSummary(gone), d.why());
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

    List<DiagReport.Failure> lastFailures() {
        return List.copyOf(failures);
    }

    /** The first negotiate rule that may negotiate with {@code peer} (RulePreSharedKeys' choice), or null. */
    private String ruleFor(InetAddress peer) {
        for (Rule r : policy.get().policy().rules())
            if (r.action() instanceof FilterAction.Negotiate && RulePreSharedKeys.appliesTo(r, peer)) return r.name();
        return null;
    }
}
