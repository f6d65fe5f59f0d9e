package org.ikd.daemon.control;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.ikd.daemon.log.EventStream;

/** Answers with {@link Fixtures}; knows rule "hosts" and SAs mm 3 / qm 7; records what it was asked. */
public class FakeHandler implements ControlHandler {
    public final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    public volatile DynamicRule added;

    @Override
    public PolicyView policy() {
        calls.add("policy");
        return Fixtures.policy();
    }

    @Override
    public FilterTable filters() {
        calls.add("filters");
        return Fixtures.filters();
    }

    @Override
    public MainModeSas mainModeSas() {
        calls.add("mm");
        return Fixtures.mainModeSas();
    }

    @Override
    public QuickModeSas quickModeSas() {
        calls.add("qm");
        return Fixtures.quickModeSas();
    }

    @Override
    public Statistics statistics() {
        calls.add("stats");
        return Fixtures.statistics();
    }

    @Override
    public Outcome initiate(String rule) throws ControlException {
        calls.add("initiate " + rule);
        if (!rule.equals("hosts")) throw new ControlException(ErrorCode.NOT_FOUND, "no rule '" + rule + "' (rules: hosts, web)");
        return new Outcome("negotiation started for rule hosts with 198.18.0.2");
    }

    @Override
    public Outcome delete(ControlRequest.SaKind kind, long id) throws ControlException {
        calls.add("delete " + kind + " " + id);
        if (kind == ControlRequest.SaKind.QM && id == 7) return new Outcome("Quick Mode SA 7 deleted; Delete payload sent to 198.18.0.2");
        throw new ControlException(ErrorCode.NOT_FOUND, "no " + kind + " SA " + id);
    }

    @Override
    public Outcome reload() {
        calls.add("reload");
        return new Outcome("policy reloaded: 2 rules, 1 changed");
    }

    @Override
    public Outcome addRule(DynamicRule rule) {
        calls.add("add " + rule.name());
        added = rule;
        return new Outcome("dynamic rule " + rule.name() + " added");
    }

    @Override
    public Outcome deleteRule(String name) {
        calls.add("delete rule " + name);
        return new Outcome("dynamic rule " + name + " deleted");
    }

    @Override
    public DiagReport diag() {
        calls.add("diag");
        return Fixtures.diag();
    }

    @Override
    public KeyTable keys() {
        calls.add("keys");
        return Fixtures.keys();
    }

    @Override
    public Outcome down(Narrowing which) {
        calls.add("down " + which.rule() + " " + which.peer());
        return new Outcome("1 Quick Mode SA(s) and 1 Main Mode SA(s) deleted");
    }

    @Override
    public Outcome rekey(Narrowing which) {
        calls.add("rekey " + which.rule() + " " + which.peer());
        return new Outcome("1 of 1 Quick Mode SA pair(s) renewing");
    }

    @Override
    public Outcome resetStatistics() {
        calls.add("stats-reset");
        return new Outcome("counters reset");
    }

    @Override
    public Outcome oakleyLog(String level) {
        calls.add("oakley-log " + level);
        return new Outcome("Oakley log: " + (level == null ? "all" : level));
    }

    @Override
    public PolicyExport exportPolicy() {
        calls.add("policy-export");
        return new PolicyExport("/etc/ikd/policy.toml", "name = \"x\"\n", java.util.Map.of());
    }

    @Override
    public Credentials credentials() {
        calls.add("credentials");
        return new Credentials(List.of(), List.of(), List.of());
    }

    /** The fake has no daemon log to stream; ControlServerTest streams a real EventStream instead. */
    public volatile EventStream stream;

    @Override
    public EventStream.Subscription watch(Narrowing which, boolean eventsOnly) throws ControlException {
        calls.add("watch " + which.rule() + " " + which.peer() + " " + eventsOnly);
        if (stream == null) throw new ControlException(ErrorCode.FAILED, "no stream in this test");
        EventStream.Subscription s = stream.subscribe(e -> !eventsOnly || "event".equals(e.source()), 1024);
        if (s == null) throw new ControlException(ErrorCode.BUSY, "too many readers");
        return s;
    }

    /** What the last xauth-login carried. */
    public String xauthRule;
    public String xauthPassword;

    @Override
    public Outcome xauthLogin(String rule, String password) {
        xauthRule = rule;
        xauthPassword = password;
        return new Outcome("password for user 'alice' of rule '" + rule + "' kept in memory");
    }
}
