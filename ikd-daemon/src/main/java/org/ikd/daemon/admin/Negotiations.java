package org.ikd.daemon.admin;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.ike.Step;
import org.ikd.core.policy.AddressText;
import org.ikd.core.policy.Filter;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Rule;
import org.ikd.core.policy.Selector;
import org.ikd.daemon.control.ControlException;
import org.ikd.daemon.control.ControlRequest;
import org.ikd.daemon.control.ErrorCode;
import org.ikd.daemon.control.Narrowing;
import org.ikd.daemon.control.Outcome;
import org.ikd.daemon.control.QuickModeSaView;
import org.ikd.daemon.policyfile.ParsedPolicy;
import org.ikd.daemon.sa.Acquirer;
import org.ikd.daemon.sa.InstalledPairs;

/**
 * What {@code ikdctl initiate|delete|down|rekey} start: each handed to the IKE event loop, which owns
 * the SAs; the answer says what was started and where its Delete went.
 */
public final class Negotiations {
    private final EngineLoop loop;
    private final Supplier<ParsedPolicy> policy;
    private final Acquirer acquirer;
    private final InstalledPairs installed;
    private final SaQueries sas;

    public Negotiations(EngineLoop loop, Supplier<ParsedPolicy> policy, Acquirer acquirer, InstalledPairs installed, SaQueries sas) {
        this.loop = loop;
        this.policy = policy;
        this.acquirer = acquirer;
        this.installed = installed;
        this.sas = sas;
    }

    public Outcome initiate(String ruleName) throws ControlException {
        Rule rule = policy.get().policy().rule(ruleName).orElseThrow(() -> new ControlException(ErrorCode.NOT_FOUND,
                "no rule '" + ruleName + "' in the policy in force (ikdctl show policy lists them)"));
        if (!(rule.action() instanceof FilterAction.Negotiate))
            throw new ControlException(ErrorCode.INVALID, "rule '" + ruleName + "' does not negotiate (its action is "
                    + rule.action().name() + ")");
        Filter f = rule.filterList().filters().get(0);
        Selector s = f.selector();
        AcquireRequest r;
        if (rule.isTunnel()) {
            r = new AcquireRequest(rule.name(), s, rule.localTunnelEndpoint() != null ? rule.localTunnelEndpoint()
                    : policy.get().meAddresses().get(0), rule.tunnelEndpoint());
        } else if (s.source().isHost() && s.destination().isHost()) {
            r = new AcquireRequest(rule.name(), s, s.source().network(), s.destination().network());
        } else {
            throw new ControlException(ErrorCode.INVALID, "rule '" + ruleName + "' filters " + s
                    + ": transport mode needs a host on each side to initiate without traffic (send a packet instead)");
        }
        acquirer.initiate(r, rule);
        return new Outcome("negotiation of rule '" + ruleName + "' with " + AddressText.of(r.peer())
                + " started; watch it with ikdctl show qm or the Oakley log");
    }

    public Outcome delete(ControlRequest.SaKind kind, long id) throws ControlException {
        if (kind == ControlRequest.SaKind.QM) {
            InstalledPairs.Installed i = installed.find(id);
            if (i == null) throw new ControlException(ErrorCode.NOT_FOUND, "no Quick Mode SA " + id + " (ikdctl show qm lists them)");
            return new Outcome("Quick Mode SA " + id + " deleted; " + deleteQuickMode(id, i.peer()));
        }
        String peer = loop.query(engine -> {
            for (IsakmpSa sa : engine.isakmpSas()) {
                if (sa.serial() != id) continue;
                loop.submit((e, now) -> e.delete(sa.cookies(), "deleted by ikdctl", now));
                return AddressText.of(sa.remote().getAddress());
            }
            return null;
        });
        if (peer == null) throw new ControlException(ErrorCode.NOT_FOUND, "no Main Mode SA " + id + " (ikdctl show mm lists them)");
        return new Outcome("Main Mode SA " + id + " deleted; Delete payload sent to " + peer);
    }

    /**
     * Quick Mode SAs first, then Main Mode SAs, each with its Delete (RFC 2408 §3.15): the IPsec
     * SAs' Deletes still travel under their ISAKMP SA, or, with none left (master-key PFS), through a
     * Main Mode of their own, which is why the Main Mode SAs taken down are those found before. A
     * negotiate rule whose traffic keeps flowing is negotiated again by that traffic, as swanctl
     * --terminate leaves a trap policy.
     */
    public Outcome down(Narrowing which) throws ControlException {
        if (which.rule() != null && policy.get().policy().rule(which.rule()).isEmpty())
            throw new ControlException(ErrorCode.NOT_FOUND, "no rule '" + which.rule() + "' in the policy in force (ikdctl show policy lists them)");
        List<QuickModeSaView> qms = which.quickModes(sas.quickModeSas()).sas();
        List<InstalledPairs.Installed> pairs = installed.all();
        Policy rules = policy.get().policy();
        record Doomed(IsakmpSa sa, String peer, boolean established) {}         // sa: read on the event loop only
        List<Doomed> mms = loop.query(engine -> engine.isakmpSas().stream()
                .filter(sa -> which.admits(SaViews.mainModeRule(sa, pairs, rules), AddressText.of(sa.remote().getAddress())))
                .map(sa -> new Doomed(sa, AddressText.of(sa.remote().getAddress()), sa.state() == IsakmpSa.State.ESTABLISHED))
                .toList());
        for (QuickModeSaView q : qms) loop.submit((e, now) -> e.deleteIpsecSa(q.id(), "taken down by ikdctl", now));
        for (Doomed mm : mms) loop.submit((e, now) -> e.delete(mm.sa().cookies(), "taken down by ikdctl", now));
        if (qms.isEmpty() && mms.isEmpty())
            throw new ControlException(ErrorCode.NOT_FOUND, "no SA " + describe(which) + " (ikdctl show mm / show qm list them)");
        java.util.Set<String> carried = new java.util.TreeSet<>(), to = new java.util.TreeSet<>();
        qms.forEach(q -> carried.add(q.peer()));
        mms.stream().filter(Doomed::established).forEach(m -> carried.remove(m.peer()));
        mms.forEach(m -> to.add(m.peer()));
        qms.forEach(q -> to.add(q.peer()));
        to.removeAll(carried);
        return new Outcome(qms.size() + " Quick Mode SA(s) and " + mms.size() + " Main Mode SA(s) " + describe(which) + " deleted; "
                + (to.isEmpty() ? "" : "Delete payloads sent to " + String.join(", ", to) + (carried.isEmpty() ? "" : "; "))
                + (carried.isEmpty() ? "" : "Deletes to " + String.join(", ", carried) + " go through a new Main Mode (no ISAKMP SA"
                + " left: master-key PFS; the Oakley log says when they went, or why not)"));
    }

    /** Renewals on the IKE event loop, one per pair (PairLifecycle.rekeyNow); answers how many started. */
    public Outcome rekey(Narrowing which) throws ControlException {
        if (which.rule() != null && policy.get().policy().rule(which.rule()).isEmpty())
            throw new ControlException(ErrorCode.NOT_FOUND, "no rule '" + which.rule() + "' in the policy in force (ikdctl show policy lists them)");
        List<QuickModeSaView> qms = which.quickModes(sas.quickModeSas()).sas();
        if (qms.isEmpty()) throw new ControlException(ErrorCode.NOT_FOUND, "no Quick Mode SA " + describe(which) + " (ikdctl show qm lists them)");
        CompletableFuture<Integer> started = new CompletableFuture<>();
        loop.submit((engine, now) -> {
            Step.Builder all = Step.builder();
            int n = 0;
            for (QuickModeSaView q : qms) {
                Step s = engine.rekey(q.id(), now);
                if (!s.isEmpty()) n++;
                all.add(s);
            }
            started.complete(n);
            return all.build();
        });
        int n;
        try {
            n = started.get(3, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new ControlException(ErrorCode.FAILED, "the IKE thread did not answer within 3 s (is ikd overloaded?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlException(ErrorCode.FAILED, "interrupted");
        }
        return new Outcome(n + " of " + qms.size() + " Quick Mode SA pair(s) " + describe(which) + " renewing"
                + (n < qms.size() ? " (the others are renewing already, on their way out, or of the default response)" : "")
                + "; watch it with ikdctl show qm or ikdctl log");
    }

    private static String describe(Narrowing n) {
        return (n.rule() != null ? "of rule '" + n.rule() + "'" : "") + (n.rule() != null && n.peer() != null ? " " : "")
                + (n.peer() != null ? "with peer " + n.peer() : "");
    }

    /**
     * Deletes pair {@code id} on the event loop and says how its Delete went (RFC 2408 §3.15): under an
     * established ISAKMP SA with the peer (the engine's SaTable.informingWith), or, with master-key PFS or
     * once that SA expired, through a Main Mode of its own (PendingDeletes), or not at all.
     */
    private String deleteQuickMode(long id, java.net.InetAddress peer) throws ControlException {
        String to = AddressText.of(peer);
        CompletableFuture<String> answer = new CompletableFuture<>();
        loop.submit((engine, now) -> {
            try {
                boolean informing = with(engine, peer, IsakmpSa.State.ESTABLISHED) != null;
                Step step = engine.deleteIpsecSa(id, "deleted by ikdctl", now);
                IsakmpSa carrier = informing ? null : with(engine, peer, IsakmpSa.State.NEGOTIATING);
                answer.complete(informing ? "Delete payload sent to " + to : carrier != null ? "no ISAKMP SA with " + to
                        + " to carry its Delete (master-key PFS, or it expired): Main Mode #" + carrier.serial() + " carries it;"
                        + " the Oakley log says when it is sent, or why it could not be"
                        : "no Delete sent: no ISAKMP SA with " + to + " to carry it, and no Main Mode could start (the Oakley"
                        + " log says why); the peer keeps its SA until it expires");
                return step;
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
                return Step.NONE;
            }
        });
        return EngineLoop.await(answer);
    }

    /** The newest ISAKMP SA with {@code peer} in {@code state}; a negotiating one only if we initiated it. */
    private static IsakmpSa with(IkeEngine engine, java.net.InetAddress peer, IsakmpSa.State state) {
        IsakmpSa newest = null;
        for (IsakmpSa sa : engine.isakmpSas())
            if (sa.state() == state && sa.remote().getAddress().equals(peer) && (newest == null || sa.serial() > newest.serial())
                    && (state != IsakmpSa.State.NEGOTIATING || sa.role() == IsakmpSa.Role.INITIATOR)) newest = sa;
        return newest;
    }
}
