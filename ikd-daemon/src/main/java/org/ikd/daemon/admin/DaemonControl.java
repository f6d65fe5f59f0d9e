package org.ikd.daemon.admin;

import java.time.Instant;
import java.util.List;
import org.ikd.core.policy.AddressText;
import org.ikd.core.policy.Filter;
import org.ikd.core.policy.Rule;
import org.ikd.daemon.control.ControlException;
import org.ikd.daemon.control.ControlHandler;
import org.ikd.daemon.control.ControlRequest;
import org.ikd.daemon.control.Credentials;
import org.ikd.daemon.control.DiagReport;
import org.ikd.daemon.control.DynamicRule;
import org.ikd.daemon.control.ErrorCode;
import org.ikd.daemon.control.FilterTable;
import org.ikd.daemon.control.KeyTable;
import org.ikd.daemon.control.MainModeSas;
import org.ikd.daemon.control.Narrowing;
import org.ikd.daemon.control.Outcome;
import org.ikd.daemon.control.PolicyExport;
import org.ikd.daemon.control.PolicyView;
import org.ikd.daemon.control.QuickModeSas;
import org.ikd.daemon.control.Statistics;
import org.ikd.daemon.control.StreamLine;
import org.ikd.daemon.log.EventStream;
import org.ikd.daemon.log.OakleyDetail;
import org.ikd.daemon.policyfile.ParsedPolicy;
import org.slf4j.LoggerFactory;

/**
 * The control socket's answers, from the running daemon's parts, each given by name (not the daemon
 * itself): the policy through {@link PolicyHost}, the SAs and counters through {@link SaQueries}, what
 * starts or ends a negotiation through {@link Negotiations}, the host checks through {@link DiagChecks}.
 * Runs on control worker threads.
 */
public final class DaemonControl implements ControlHandler {
    private final PolicyHost host;
    private final SaQueries sas;
    private final Negotiations negotiations;
    private final EventStream events;
    private final DiagChecks.Sources diag;

    public DaemonControl(PolicyHost host, SaQueries sas, Negotiations negotiations, EventStream events, DiagChecks.Sources diag) {
        this.host = host;
        this.sas = sas;
        this.negotiations = negotiations;
        this.events = events;
        this.diag = diag;
    }

    @Override
    public PolicyView policy() {
        ParsedPolicy p = host.policy();
        return PolicyView.from(p.policy(), p.file().toString());
    }

    @Override
    public FilterTable filters() {
        return FilterTable.from(host.policy().policy());
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
        ParsedPolicy p = host.policy();
        return new PolicyExport(p.file().toString(), p.source(), host.dynamicRuleTexts());
    }

    @Override
    public Credentials credentials() {
        return Credentials.from(host.policy().policy(), Instant.now());
    }

    /** Oakley lines pass a rule filter when their peer is one the rule negotiates with; events by their rule field. */
    @Override
    public EventStream.Subscription watch(Narrowing which, boolean eventsOnly) throws ControlException {
        java.util.Set<String> rulePeers = which.rule() == null ? null : rulePeers(which.rule());
        EventStream.Subscription s = events.subscribe(e -> {
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
        Rule rule = host.policy().policy().rule(ruleName).orElseThrow(() -> new ControlException(ErrorCode.NOT_FOUND,
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
        return new Outcome(host.reload());
    }

    @Override
    public Outcome addRule(DynamicRule rule) throws ControlException {
        return new Outcome(host.addRule(rule));
    }

    @Override
    public Outcome deleteRule(String name) throws ControlException {
        return new Outcome(host.deleteRule(name));
    }

    @Override
    public DiagReport diag() {
        return DiagChecks.run(diag);
    }

    @Override
    public MainModeSas mainModeSas() throws ControlException {
        return sas.mainModeSas();
    }

    @Override
    public QuickModeSas quickModeSas() {
        return sas.quickModeSas();
    }

    @Override
    public Statistics statistics() {
        return sas.statistics();
    }

    @Override
    public Outcome resetStatistics() {
        return sas.resetStatistics();
    }

    /** Root only (ControlDispatcher): the keys of every keyed ISAKMP SA and every installed ESP SA. */
    @Override
    public KeyTable keys() throws ControlException {
        return sas.keys();
    }

    @Override
    public Outcome initiate(String ruleName) throws ControlException {
        return negotiations.initiate(ruleName);
    }

    @Override
    public Outcome delete(ControlRequest.SaKind kind, long id) throws ControlException {
        return negotiations.delete(kind, id);
    }

    @Override
    public Outcome down(Narrowing which) throws ControlException {
        return negotiations.down(which);
    }

    @Override
    public Outcome rekey(Narrowing which) throws ControlException {
        return negotiations.rekey(which);
    }

}
