package org.ikd.daemon;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
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
import org.ikd.core.sa.IpsecProtocol;
import org.ikd.core.sa.IpsecSaSpec;
import org.ikd.daemon.control.ControlException;
import org.slf4j.LoggerFactory;
import org.ikd.daemon.control.ControlHandler;
import org.ikd.daemon.control.ControlRequest;
import org.ikd.daemon.control.DiagReport;
import org.ikd.daemon.control.DynamicRule;
import org.ikd.daemon.control.ErrorCode;
import org.ikd.daemon.control.FilterTable;
import org.ikd.daemon.control.IkeStatistics;
import org.ikd.daemon.control.KeyTable;
import org.ikd.daemon.control.MainModeSaView;
import org.ikd.daemon.control.MainModeSas;
import org.ikd.daemon.control.Outcome;
import org.ikd.daemon.control.PolicyView;
import org.ikd.daemon.control.QuickModeSas;
import org.ikd.daemon.control.Credentials;
import org.ikd.daemon.control.Narrowing;
import org.ikd.daemon.control.PolicyExport;
import org.ikd.daemon.control.QuickModeSaView;
import org.ikd.daemon.control.Statistics;
import org.ikd.daemon.control.StreamLine;
import org.ikd.daemon.log.EventStream;
import org.ikd.daemon.log.OakleyDetail;
import org.ikd.daemon.policyfile.ParsedPolicy;
import org.ikd.esp.DropReason;
import org.ikd.esp.StatisticsSnapshot;

/**
 * The control socket's answers, from the running daemon's state. Runs on control worker threads:
 * IKE state is read on the event loop ({@link #onLoop}, bounded wait), data-plane state directly.
 * Dynamic rules ({@code policy add/delete}) change the policy in force through the {@link Daemon}.
 */
final class DaemonControl implements ControlHandler {
    private final Daemon d;

    DaemonControl(Daemon daemon) {
        this.d = daemon;
    }

    @Override
    public PolicyView policy() {
        ParsedPolicy p = d.policy();
        return PolicyView.from(p.policy(), p.file().toString());
    }

    @Override
    public FilterTable filters() {
        return FilterTable.from(d.policy().policy());
    }

    @Override
    public MainModeSas mainModeSas() throws ControlException {
        List<InstalledPairs.Installed> pairs = d.installed().all();
        Policy policy = d.policy().policy();
        return new MainModeSas(onLoop(engine -> {
            List<MainModeSaView> out = new ArrayList<>();
            Instant now = Instant.now();
            for (IsakmpSa sa : engine.isakmpSas()) {
                int qms = (int) pairs.stream().filter(i -> i.mainModeId() == sa.serial()).count();
                out.add(SaViews.mainMode(sa, SaViews.mainModeRule(sa, pairs, policy), d.outcomes().mainModes.get(sa.cookies()), qms, now));
            }
            return out;
        }));
    }

    @Override
    public QuickModeSas quickModeSas() {
        return new QuickModeSas(SaViews.quickModes(d.installed().all(), d.dataPlane().securityAssociations(), d.installed()::retiredOutbound));
    }

    @Override
    public Statistics statistics() {
        long uptime = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1000;
        return d.baseline().since(counters(), Version.current(), uptime, System.nanoTime());
    }

    @Override
    public Outcome resetStatistics() {
        d.baseline().reset(counters(), System.nanoTime());
        return new Outcome("counters reset; ikdctl show stats counts from now (SAs and queues are shown as they are)");
    }

    /** The counters as the engine and the data plane keep them (never written: a reset is a baseline). */
    private Statistics counters() {
        StatisticsSnapshot s = d.dataPlane().statistics();
        Map<String, Long> drops = drops(s, d.acquireQueue().dropped.get(), d.cleared().dropped.get(), d.tunMalformed());
        return new Statistics(IkeStatistics.from(d.ikeStatistics()), SaViews.ipsec(s), drops);
    }

    /**
     * The drops {@code ikdctl show stats} lists, non-zero only: the data plane's by reason, then the
     * pumps' own: ACQUIRE queue overflow, DPD clear, and TUN reads that never reached the data plane.
     */
    static Map<String, Long> drops(StatisticsSnapshot s, long acquireQueue, long dpdCleared, long tunMalformed) {
        Map<String, Long> drops = new TreeMap<>();
        for (DropReason r : DropReason.values())
            if (s.drops(r) > 0) drops.put(r.name().toLowerCase().replace('_', '-'), s.drops(r));
        if (acquireQueue > 0) drops.put("acquire-queue", acquireQueue);
        if (dpdCleared > 0) drops.put("dpd-cleared", dpdCleared);
        if (tunMalformed > 0) drops.put("tun-malformed", tunMalformed);
        return drops;
    }

    @Override
    public Outcome initiate(String ruleName) throws ControlException {
        Rule rule = d.policy().policy().rule(ruleName).orElseThrow(() -> new ControlException(ErrorCode.NOT_FOUND,
                "no rule '" + ruleName + "' in the policy in force (ikdctl show policy lists them)"));
        if (!(rule.action() instanceof FilterAction.Negotiate))
            throw new ControlException(ErrorCode.INVALID, "rule '" + ruleName + "' does not negotiate (its action is "
                    + rule.action().name() + ")");
        Filter f = rule.filterList().filters().get(0);
        Selector s = f.selector();
        AcquireRequest r;
        if (rule.isTunnel()) {
            r = new AcquireRequest(rule.name(), s, rule.localTunnelEndpoint() != null ? rule.localTunnelEndpoint()
                    : d.policy().meAddresses().get(0), rule.tunnelEndpoint());
        } else if (s.source().isHost() && s.destination().isHost()) {
            r = new AcquireRequest(rule.name(), s, s.source().network(), s.destination().network());
        } else {
            throw new ControlException(ErrorCode.INVALID, "rule '" + ruleName + "' filters " + s
                    + ": transport mode needs a host on each side to initiate without traffic (send a packet instead)");
        }
        d.acquirer().initiate(r, rule);
        return new Outcome("negotiation of rule '" + ruleName + "' with " + AddressText.of(r.peer())
                + " started; watch it with ikdctl show qm or the Oakley log");
    }

    @Override
    public Outcome delete(ControlRequest.SaKind kind, long id) throws ControlException {
        if (kind == ControlRequest.SaKind.QM) {
            InstalledPairs.Installed i = d.installed().find(id);
            if (i == null) throw new ControlException(ErrorCode.NOT_FOUND, "no Quick Mode SA " + id + " (ikdctl show qm lists them)");
            return new Outcome("Quick Mode SA " + id + " deleted; " + deleteQuickMode(id, i.peer()));
        }
        String peer = onLoop(engine -> {
            for (IsakmpSa sa : engine.isakmpSas()) {
                if (sa.serial() != id) continue;
                d.submit((e, now) -> e.delete(sa.cookies(), "deleted by ikdctl", now));
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
    @Override
    public Outcome down(Narrowing which) throws ControlException {
        if (which.rule() != null && d.policy().policy().rule(which.rule()).isEmpty())
            throw new ControlException(ErrorCode.NOT_FOUND, "no rule '" + which.rule() + "' in the policy in force (ikdctl show policy lists them)");
        List<QuickModeSaView> qms = which.quickModes(quickModeSas()).sas();
        List<InstalledPairs.Installed> pairs = d.installed().all();
        Policy policy = d.policy().policy();
        record Doomed(IsakmpSa sa, String peer, boolean established) {}         // sa: read on the event loop only
        List<Doomed> mms = onLoop(engine -> engine.isakmpSas().stream()
                .filter(sa -> which.admits(SaViews.mainModeRule(sa, pairs, policy), AddressText.of(sa.remote().getAddress())))
                .map(sa -> new Doomed(sa, AddressText.of(sa.remote().getAddress()), sa.state() == IsakmpSa.State.ESTABLISHED))
                .toList());
        for (QuickModeSaView q : qms) d.submit((e, now) -> e.deleteIpsecSa(q.id(), "taken down by ikdctl", now));
        for (Doomed mm : mms) d.submit((e, now) -> e.delete(mm.sa().cookies(), "taken down by ikdctl", now));
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
    @Override
    public Outcome rekey(Narrowing which) throws ControlException {
        if (which.rule() != null && d.policy().policy().rule(which.rule()).isEmpty())
            throw new ControlException(ErrorCode.NOT_FOUND, "no rule '" + which.rule() + "' in the policy in force (ikdctl show policy lists them)");
        List<QuickModeSaView> qms = which.quickModes(quickModeSas()).sas();
        if (qms.isEmpty()) throw new ControlException(ErrorCode.NOT_FOUND, "no Quick Mode SA " + describe(which) + " (ikdctl show qm lists them)");
        CompletableFuture<Integer> started = new CompletableFuture<>();
        d.submit((engine, now) -> {
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

    @Override
    public Outcome oakleyLog(String level) throws ControlException {
        if (level == null) return new Outcome("Oakley log: " + OakleyDetail.current());
        String before = OakleyDetail.current();
        if (!OakleyDetail.set(level))
            throw new ControlException(ErrorCode.INVALID, "Oakley log detail '" + level + "' (expected: off, failures or all)");
        LoggerFactory.getLogger(DaemonControl.class).info("control: Oakley log detail {} -> {}", before, OakleyDetail.current());
        return new Outcome("Oakley log: " + OakleyDetail.current() + " (was " + before + "; a restart returns to logback.xml's)");
    }

    @Override
    public PolicyExport exportPolicy() {
        ParsedPolicy p = d.policy();
        return new PolicyExport(p.file().toString(), p.source(), d.dynamicRuleTexts());
    }

    @Override
    public Credentials credentials() {
        return Credentials.from(d.policy().policy(), Instant.now());
    }

    /** Oakley lines pass a rule filter when their peer is one the rule negotiates with; events by their rule field. */
    @Override
    public EventStream.Subscription watch(Narrowing which, boolean eventsOnly) throws ControlException {
        java.util.Set<String> rulePeers = which.rule() == null ? null : rulePeers(which.rule());
        EventStream.Subscription s = d.events().subscribe(e -> {
            boolean event = StreamLine.EVENT.equals(e.source());
            if (eventsOnly && !event) return false;
            Object peer = e.field("peer");
            if (which.peer() != null && !which.peer().equals(peer)) return false;
            if (rulePeers == null) return true;
            // an event names its rule; a failure before the rule was known (Main Mode) is the rule's by its peer
            Object rule = e.field("rule");
            return event && rule != null ? which.rule().equals(rule) : rulePeers.contains(String.valueOf(peer));
        }, 4096);
        if (s == null)
            throw new ControlException(ErrorCode.BUSY, EventStream.MAX_SUBSCRIBERS + " ikdctl log/events readers are live already; close one");
        return s;
    }

    /** The peers a rule negotiates with: its tunnel endpoint, or the hosts its filters name on the far side. */
    private java.util.Set<String> rulePeers(String ruleName) throws ControlException {
        Rule rule = d.policy().policy().rule(ruleName).orElseThrow(() -> new ControlException(ErrorCode.NOT_FOUND,
                "no rule '" + ruleName + "' in the policy in force (ikdctl show policy lists them)"));
        java.util.Set<String> peers = new java.util.TreeSet<>();
        if (rule.isTunnel()) peers.add(AddressText.of(rule.tunnelEndpoint()));
        else for (Filter f : rule.filterList().filters())
            for (var side : List.of(f.selector().source(), f.selector().destination()))
                if (side.isHost()) peers.add(AddressText.of(side.network()));
        return peers;
    }

    @Override
    public Outcome reload() throws ControlException {
        return new Outcome(d.reload());
    }

    @Override
    public Outcome addRule(DynamicRule rule) throws ControlException {
        return new Outcome(d.addRule(rule));
    }

    @Override
    public Outcome deleteRule(String name) throws ControlException {
        return new Outcome(d.deleteRule(name));
    }

    @Override
    public DiagReport diag() {
        return DiagChecks.run(d);
    }

    /** Root only (ControlDispatcher): the keys of every keyed ISAKMP SA and every installed ESP SA. */
    @Override
    public KeyTable keys() throws ControlException {
        List<KeyTable.IkeKey> ike = onLoop(engine -> {
            List<KeyTable.IkeKey> out = new ArrayList<>();
            for (IsakmpSa sa : engine.isakmpSas()) {
                if (sa.protection() == null || sa.protection().keys().isDestroyed()) continue;
                out.add(new KeyTable.IkeKey(String.format("%016x", sa.cookies().initiator()),
                        sa.protection().keys().encryptionKey().revealHex()));
            }
            return out;
        });
        List<KeyTable.EspKey> esp = new ArrayList<>();
        for (InstalledPairs.Installed i : d.installed().all()) {
            for (IpsecSaSpec s : i.pair().inbound().sas()) if (s.protocol() == IpsecProtocol.ESP) esp.add(KeyTable.EspKey.from(s));
            for (IpsecSaSpec s : i.pair().outbound().sas()) if (s.protocol() == IpsecProtocol.ESP) esp.add(KeyTable.EspKey.from(s));
        }
        return new KeyTable(ike, esp);
    }

    /**
     * Deletes pair {@code id} on the event loop and says how its Delete went (RFC 2408 §3.15): under an
     * established ISAKMP SA with the peer (the engine's SaTable.informingWith), or, with master-key PFS or
     * once that SA expired, through a Main Mode of its own (PendingDeletes), or not at all.
     */
    private String deleteQuickMode(long id, java.net.InetAddress peer) throws ControlException {
        String to = AddressText.of(peer);
        CompletableFuture<String> answer = new CompletableFuture<>();
        d.submit((engine, now) -> {
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
        return await(answer);
    }

    /** The newest ISAKMP SA with {@code peer} in {@code state}; a negotiating one only if we initiated it. */
    private static IsakmpSa with(IkeEngine engine, java.net.InetAddress peer, IsakmpSa.State state) {
        IsakmpSa newest = null;
        for (IsakmpSa sa : engine.isakmpSas())
            if (sa.state() == state && sa.remote().getAddress().equals(peer) && (newest == null || sa.serial() > newest.serial())
                    && (state != IsakmpSa.State.NEGOTIATING || sa.role() == IsakmpSa.Role.INITIATOR)) newest = sa;
        return newest;
    }

    private <T> T onLoop(Function<IkeEngine, T> query) throws ControlException {
        CompletableFuture<T> answer = new CompletableFuture<>();
        d.submit((engine, now) -> {
            try {
                answer.complete(query.apply(engine));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
            return Step.NONE;
        });
        return await(answer);
    }

    private static <T> T await(CompletableFuture<T> answer) throws ControlException {
        try {
            return answer.get(3, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new ControlException(ErrorCode.FAILED, "the IKE thread did not answer within 3 s (is ikd overloaded?)");
        } catch (ExecutionException e) {
            LoggerFactory.getLogger(DaemonControl.class).error("control: reading the IKE state failed", e.getCause());
            throw new ControlException(ErrorCode.INTERNAL, "reading the IKE state failed; the daemon log has the details: journalctl -u ikd", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlException(ErrorCode.FAILED, "interrupted");
        }
    }

}
