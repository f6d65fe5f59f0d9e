package org.ikd.daemon.sa;

import java.time.LocalDateTime;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Consumer;
import org.ikd.core.ike.CookiePair;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.policy.AddressText;
import org.ikd.daemon.control.DiagReport;
import org.ikd.daemon.log.AuditEvents;
import org.ikd.daemon.log.FailedNegotiation;
import org.ikd.daemon.log.MainModeSaSummary;

/**
 * Acts on what the IKE engine reports, on its event loop (so: nothing here blocks). What happens
 * to IPsec SA pairs in the data plane is not here: the engine decides it and {@link PairActions}
 * carries it out, after the events of the same step.
 * <ol>
 * <li>Main Mode established and SA deleted: audit events 541/542/543, {@code show mm} facts;
 * <li>negotiation failed: audit events 544, 545 or 546 for its kind, then 547 (the waiting packets
 *     are the engine's {@code PairAction.AbandonHeld}, carried out by PairActions);
 * <li>every event: one Oakley log line.
 * </ol>
 * Every field comes typed from the engine's event: nothing here parses the event's text.
 */
public final class IkeOutcomes implements Consumer<IkeEvent> {
    /** What {@code show mm} needs that the engine's ISAKMP SA does not keep. */
    public record MainModeFacts(String proposal, String authentication, String peerId) {}

    private final InstalledPairs installed;
    private final OakleyRenderer oakley;
    private final AuditEvents audit;
    public final Map<CookiePair, MainModeFacts> mainModes = new ConcurrentHashMap<>();
    /** The last failed negotiations, newest last, for {@code ikdctl diag}. */
    private final Deque<DiagReport.Failure> failures = new ConcurrentLinkedDeque<>();
    private static final int KEPT_FAILURES = 10;

    public IkeOutcomes(InstalledPairs installed,
                OakleyRenderer oakley, AuditEvents audit) {
        this.installed = installed;
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
        MainModeFacts facts = new MainModeFacts(m.method() == null ? "-" : m.method().toString(), m.authentication(), m.peerId());
        mainModes.put(m.cookies(), facts);
        audit.established(summary(m.cookies(), m.sa(), facts, m.lifetime().toSeconds()));
    }

    private void deleted(IkeEvent.SaDeleted d) {
        if (d.which() instanceof IkeEvent.IpsecSaRef r) {
            InstalledPairs.Installed gone = installed.find(r.pairId());     // removed by the pair action that follows
            if (gone != null) audit.ended(PairActions.quickModeSummary(gone), d.why());
        } else if (d.which() instanceof IkeEvent.IsakmpSaRef r) {
            MainModeFacts facts = mainModes.remove(r.cookies());
            audit.ended(summary(r.cookies(), r.sa(), facts, 0), d.why());
        }
    }

    /** Events 541 and 543 of an ISAKMP SA; {@code facts} null when it never completed here (none kept). */
    static MainModeSaSummary summary(CookiePair cookies, IkeEvent.IsakmpSaFacts sa, MainModeFacts facts, long lifetimeSeconds) {
        return new MainModeSaSummary(sa.serial(), sa.rule(), lower(sa.role()), address(sa.local()), address(sa.remote()),
                sa.peerId(), sa.peerVendor(), facts == null ? null : facts.authentication(), facts == null ? null : facts.proposal(),
                String.format("%016x", cookies.initiator()), String.format("%016x", cookies.responder()), lifetimeSeconds);
    }

    private void failed(IkeEvent.NegotiationFailed f) {
        FailedNegotiation failure = failure(f);
        audit.specific(failure);
        audit.failed(failure);
        failures.addLast(new DiagReport.Failure(LocalDateTime.now().withNano(0).toString(),
                f.phase() == IkeEvent.Phase.QUICK_MODE ? "quick" : "main", f.rule(), OakleyRenderer.peer(f.remote()),
                lower(f.point()), f.reason()));
        while (failures.size() > KEPT_FAILURES) failures.pollFirst();
    }

    /** What events 544–547 say, from the engine's typed event. */
    static FailedNegotiation failure(IkeEvent.NegotiationFailed f) {
        IkeEvent.IsakmpSaFacts sa = f.sa();
        return new FailedNegotiation(f.phase(), sa.serial(), sa.rule(), sa.serial() > 0 ? lower(sa.role()) : null,
                address(sa.local()), OakleyRenderer.peer(f.remote()), sa.peerId(), sa.peerVendor(),
                f.filter() == null ? null : SaDescriptions.filter(f.filter()), f.point(), f.kind(),
                f.notifyType() == null ? null : f.notifyType().name(), f.mismatch(), f.reason());
    }

    private static String address(java.net.InetSocketAddress a) {
        return a == null ? null : AddressText.of(a.getAddress());
    }

    private static String lower(Enum<?> e) {
        return e == null ? null : e.name().toLowerCase(Locale.ROOT);
    }

    public List<DiagReport.Failure> lastFailures() {
        return List.copyOf(failures);
    }
}
