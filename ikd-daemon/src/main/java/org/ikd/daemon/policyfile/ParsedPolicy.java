package org.ikd.daemon.policyfile;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.MainModeSettings;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Rule;

/**
 * A valid policy file: the core {@link Policy} for this host (rules that are enabled and whose
 * filters apply here, in file order), every rule as written, the daemon-side settings, the
 * addresses {@code me} was resolved with, and the warnings. Its {@code toString} shows no key.
 */
public record ParsedPolicy(Path file, Policy policy, List<ParsedRule> rules, DaemonSettings settings,
                           List<InetAddress> meAddresses, List<Diagnostic> warnings, String source) {
    public ParsedPolicy {
        rules = List.copyOf(rules);
        meAddresses = List.copyOf(meAddresses);
        warnings = List.copyOf(warnings);
    }

    /** {@code source}: the file's text as it was parsed ({@code ikdctl policy export}); null when there was no file. */
    static ParsedPolicy resolve(Path file, String name, MainModeSettings mainMode, List<ParsedRule> rules,
                                DaemonSettings settings, List<InetAddress> hostAddresses, List<Diagnostic> warnings, String source) {
        List<InetAddress> me = settings.localAddresses().isEmpty() ? hostAddresses : settings.localAddresses();
        List<Rule> active = new ArrayList<>();
        for (ParsedRule r : rules) r.resolve(me).ifPresent(active::add);
        DefaultResponse dr = settings.defaultResponse();
        Policy policy = new Policy(name, mainMode, active, dr == null ? null : Policy.defaultResponse(dr.action(), dr.authentication()));
        return new ParsedPolicy(file, policy, rules, settings, me, warnings, source);
    }

    /**
     * The same policy on a host whose addresses are now {@code hostAddresses} (they changed):
     * {@code me} is resolved again unless the file fixes it with {@code local-addresses}.
     */
    public ParsedPolicy withHostAddresses(List<InetAddress> hostAddresses) {
        return resolve(file, policy.name(), policy.mainMode(), rules, settings, hostAddresses, warnings, source);
    }

    public Optional<ParsedRule> rule(String name) {
        return rules.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** The options of a rule by name. */
    public Optional<RuleOptions> options(String ruleName) {
        return rule(ruleName).map(ParsedRule::options);
    }

    /** Rules of the file that are not in {@link #policy()}: disabled, or with no filter for this host. */
    public List<String> inactiveRules() {
        return rules.stream().map(ParsedRule::name).filter(n -> policy.rule(n).isEmpty()).collect(Collectors.toList());
    }

    /**
     * Zeroes every pre-shared key of this policy (after a reload, once no SA needs them);
     * any later use of them throws.
     */
    public void destroyKeys() {
        List<AuthenticationMethod> all = new ArrayList<>();
        rules.forEach(r -> all.addAll(r.authentication()));
        if (settings.defaultResponse() != null) all.addAll(settings.defaultResponse().authentication());
        for (AuthenticationMethod m : all)
            if (m instanceof AuthenticationMethod.PreSharedKey psk) psk.key().destroy();
    }

    /** One line for {@code ikd check}: {@code 3 rules (2 negotiate, 1 permit), Main Mode ..., default response off}. */
    public String summary() {
        Map<String, Integer> kinds = new TreeMap<>();
        for (Rule r : policy.rules()) kinds.merge(kind(r.action()), 1, Integer::sum);
        StringBuilder b = new StringBuilder().append(count(policy.rules().size(), "rule"));
        if (!kinds.isEmpty())
            b.append(kinds.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ", " (", ")")));
        List<String> inactive = inactiveRules();
        if (!inactive.isEmpty()) b.append(", ").append(inactive.size()).append(" inactive (").append(String.join(", ", inactive)).append(')');
        MainModeSettings mm = policy.mainMode();
        b.append(", Main Mode ").append(mm.methods().get(0));
        if (mm.methods().size() > 1) b.append(" (+").append(mm.methods().size() - 1).append(" more)");
        b.append(" for ").append(duration(mm.lifetimeSeconds()));
        if (mm.masterKeyPfs()) b.append(" with master-key PFS");
        b.append(", default response ").append(policy.hasDefaultResponse() ? "on" : "off");
        if (!warnings.isEmpty()) b.append(", ").append(count(warnings.size(), "warning"));
        return b.toString();
    }

    private static String kind(FilterAction a) {
        if (a instanceof FilterAction.Negotiate) return "negotiate";
        return a instanceof FilterAction.Permit ? "permit" : "block";
    }

    /** 28800 → "8h", 5400 → "90m", 45 → "45s". */
    static String duration(long seconds) {
        if (seconds % 3600 == 0) return seconds / 3600 + "h";
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
