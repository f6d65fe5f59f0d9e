package org.ikd.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.Step;
import org.ikd.daemon.admin.PolicyHost;
import org.ikd.daemon.control.ControlException;
import org.ikd.daemon.control.DynamicRule;
import org.ikd.daemon.control.ErrorCode;
import org.ikd.daemon.control.RuleView;
import org.ikd.daemon.policy.DropIns;
import org.ikd.daemon.policy.DynamicRules;
import org.ikd.daemon.policy.PolicyChanges;
import org.ikd.daemon.policy.PolicyInForce;
import org.ikd.daemon.policy.PolicyTranslation;
import org.ikd.daemon.policyfile.HostAddresses;
import org.ikd.daemon.policyfile.ParsedPolicy;
import org.ikd.daemon.policyfile.ParsedRule;
import org.ikd.daemon.policyfile.PolicyFileException;
import org.ikd.daemon.policyfile.PolicyFileParser;
import org.ikd.daemon.sa.ClearedTraffic;
import org.ikd.daemon.sa.InstalledPairs;
import org.ikd.daemon.sa.StaleAuthentications;
import org.ikd.daemon.systemd.SdNotify;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy in force and its changes while ikd runs: the file read at start with the persisted
 * dynamic rules ahead of it, then {@code ikdctl reload} (and SIGHUP), {@code policy add} and
 * {@code policy delete}. Each change is parsed whole first, so a bad file or rule leaves the running
 * policy as it was; then it is put in force (IKE policy, SPD, routes, nftables) and the SAs of the
 * rules it changed or removed are deleted with their Deletes, as are ISAKMP SAs whose authentication
 * no rule allows any more (StaleAuthentications). Changes are serialized on this object's lock.
 */
final class PolicyUpdates implements PolicyHost {
    private static final Logger log = LoggerFactory.getLogger(PolicyUpdates.class);

    /** Where a change takes effect, all made before the control socket opens. */
    record Enforcement(ScheduledExecutorService timer, ClearedTraffic cleared, InstalledPairs installed, PolicyInForce inForce,
            Consumer<BiFunction<IkeEngine, Instant, Step>> submit) {}

    private final Path config;
    private final SdNotify notify;
    private final DynamicRules dynamic = new DynamicRules();
    /** The policy file as last read; {@link #policy} is it with the dynamic rules ahead. */
    private ParsedPolicy filePolicy;
    private volatile ParsedPolicy policy;
    private ScheduledExecutorService timer;
    private ClearedTraffic cleared;
    private InstalledPairs installed;
    private PolicyInForce inForce;
    private Consumer<BiFunction<IkeEngine, Instant, Step>> submit;

    /** Reads the policy file and the rules {@code policy add --persist} left beside it. */
    PolicyUpdates(Path config, SdNotify notify) throws PolicyFileException, IOException {
        this.config = config;
        this.notify = notify;
        filePolicy = new PolicyFileParser(HostAddresses.current()).parse(config);
        for (DropIns.Loaded r : DropIns.load(config, filePolicy)) dynamic.add(r.rule(), r.text());
        policy = dynamic.size() > 0 ? dynamic.compose(filePolicy, new ArrayList<>()) : filePolicy;
    }

    synchronized void enforceThrough(Enforcement e) {
        timer = e.timer();
        cleared = e.cleared();
        installed = e.installed();
        inForce = e.inForce();
        submit = e.submit();
    }

    @Override
    public ParsedPolicy policy() {
        return policy;
    }

    @Override
    public synchronized Map<String, String> dynamicRuleTexts() {
        return dynamic.texts();
    }

    /** Re-reads the policy file (SIGHUP, ikdctl reload); SAs of removed or changed rules are deleted. */
    @Override
    public synchronized String reload() throws ControlException {
        ParsedPolicy next;
        try {
            next = new PolicyFileParser(HostAddresses.current()).parse(config);
        } catch (PolicyFileException e) {
            log.warn("reload refused, the policy in force stays: {}", e.getMessage());
            throw new ControlException(ErrorCode.FAILED, "reload refused, the policy in force stays: " + e.getMessage());
        }
        notify.reloading();
        if (!next.settings().fragmentation().equals(filePolicy.settings().fragmentation()))
            log.warn("reload: ike-fragmentation and ike-fragment-size take effect when ikd restarts; it keeps {} {}",
                    filePolicy.settings().fragmentation().mode(), filePolicy.settings().fragmentation().fragmentSize());
        ParsedPolicy oldFile = filePolicy;
        filePolicy = next;
        List<String> dropped = new ArrayList<>();
        ParsedPolicy composed = dynamic.compose(next, dropped);
        List<String> changed = PolicyChanges.changedRules(policy.policy(), composed.policy());
        int deleted = enforce(composed, changed, "changed or removed by a reload");
        cleared.liftAll("policy reloaded");
        timer.schedule(oldFile::destroyKeys, 2, TimeUnit.MINUTES);    // negotiations in flight may still use them
        notify.ready();
        String result = "policy reloaded from " + config + ": " + next.summary() + "; " + changed.size()
                + " rule(s) changed or removed, " + deleted + " SA pair(s) deleted"
                + (dynamic.size() > 0 ? "; dynamic rules kept: " + dynamic.names() : "")
                + (dropped.isEmpty() ? "" : "; dynamic rules replaced by the file's rules of the same name: " + String.join(", ", dropped));
        log.info(result);
        return result;
    }

    /** {@code ikdctl policy add}: a dynamic rule ahead of the file's rules, until it is deleted or ikd restarts. */
    @Override
    public synchronized String addRule(DynamicRule wanted) throws ControlException {
        ParsedRule parsed = dynamic.parse(wanted, policy);
        dynamic.add(parsed);
        ParsedPolicy composed = dynamic.compose(filePolicy, new ArrayList<>());
        int deleted = enforce(composed, PolicyChanges.changedRules(policy.policy(), composed.policy()), "replaced");
        if (wanted.options().persist()) DropIns.write(config, parsed.name(), dynamic.texts().get(parsed.name()));
        String result = "dynamic rule '" + parsed.name() + "' added ahead of the policy file's rules: "
                + RuleView.from(composed.policy().rule(parsed.name()).orElseThrow()).filters() + " -> " + wanted.action()
                + (deleted > 0 ? "; " + deleted + " SA pair(s) deleted" : "") + (wanted.options().persist()
                ? "; kept in " + DropIns.directory(config).resolve(parsed.name() + ".toml") : "; it is forgotten when ikd restarts");
        log.info(result);
        return result;
    }

    /** {@code ikdctl policy delete}: removes a dynamic rule; its SAs are deleted with Delete payloads. */
    @Override
    public synchronized String deleteRule(String name) throws ControlException {
        ParsedRule gone = dynamic.remove(name);
        boolean persisted = DropIns.remove(config, name);
        ParsedPolicy composed = dynamic.compose(filePolicy, new ArrayList<>());
        int deleted = enforce(composed, PolicyChanges.changedRules(policy.policy(), composed.policy()), "deleted by ikdctl policy delete");
        timer.schedule(() -> DynamicRules.destroy(gone), 2, TimeUnit.MINUTES);
        String result = "dynamic rule '" + name + "' deleted" + (persisted ? " (and its drop-in file)" : "") + "; " + deleted + " SA pair(s) deleted (the Oakley log shows their Deletes)";
        log.info(result);
        return result;
    }

    /** Puts {@code next} in force (IKE policy, SPD, routes, nftables); deletes the SAs of {@code changed} rules. */
    private int enforce(ParsedPolicy next, List<String> changed, String why) {
        policy = next;
        submit.accept((e, now) -> StaleAuthentications.delete(e, next.policy(), installed.all(), now));
        int deleted = 0;
        for (InstalledPairs.Installed i : installed.all()) {
            if (!changed.contains(i.rule())) continue;
            submit.accept((e, now) -> e.deleteIpsecSa(i.pair().id(), "rule '" + i.rule() + "' " + why, now));
            deleted++;
        }
        try {
            inForce.apply(PolicyTranslation.of(next.policy(), next.meAddresses(), HostAddresses.current()));
        } catch (IOException e) {
            log.warn("could not update routes or nftables: {}", e.toString());
        }
        return deleted;
    }
}
