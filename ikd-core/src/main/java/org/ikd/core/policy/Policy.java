package org.ikd.core.policy;

import java.util.List;
import java.util.Optional;

/**
 * An assigned IPsec policy: Main Mode settings, rules in priority order (the first rule whose
 * filter matches wins), and Windows' default response rule, or null when it is off.
 *
 * <p>The default response is a negotiate rule kept apart from {@code rules}, below all of them: it
 * only answers. A responder consults it after the explicit rules (its authentication methods for a
 * peer no explicit negotiate rule applies to; its security methods for a Quick Mode no explicit rule
 * takes), in transport mode between our address and the peer's own. Nothing that reads
 * {@code rules} (the data plane's SPD and routes, acquires, dead-peer restarts) ever sees it, so it
 * never initiates.
 */
public record Policy(String name, MainModeSettings mainMode, List<Rule> rules, Rule defaultResponse) {
    /** The default response's rule name: not a valid rule name in the policy file (it has a space). */
    public static final String DEFAULT_RESPONSE = "default response";

    public Policy {
        rules = List.copyOf(rules);
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Rule r : rules)
            if (!names.add(r.name())) throw new IllegalArgumentException("two rules are named '" + r.name() + "'");
        if (names.contains(DEFAULT_RESPONSE))
            throw new IllegalArgumentException("the rule name '" + DEFAULT_RESPONSE + "' is the default response's");
        if (defaultResponse != null && (!DEFAULT_RESPONSE.equals(defaultResponse.name()) || defaultResponse.isTunnel()
                || !(defaultResponse.action() instanceof FilterAction.Negotiate)))
            throw new IllegalArgumentException("the default response is a transport-mode negotiate rule named '" + DEFAULT_RESPONSE
                    + "' (expected: Policy.defaultResponse(...)), found " + defaultResponse);
    }

    /** A policy without the default response. */
    public Policy(String name, MainModeSettings mainMode, List<Rule> rules) {
        this(name, mainMode, rules, null);
    }

    /**
     * The default response rule with these security and authentication methods. Its filter is
     * "any host to any host", mirrored, IPv4 and IPv6: the responder narrows it to our address and
     * the peer's own (RFC 2409 §5.5 transport mode), so that it matches every peer and no network.
     */
    public static Rule defaultResponse(FilterAction.Negotiate action, List<AuthenticationMethod> authentication) {
        Subnet any6 = Subnet.parse("::/0");
        FilterList anyPeer = new FilterList(DEFAULT_RESPONSE, List.of(new Filter(Selector.between(Subnet.anyV4(), Subnet.anyV4()), true),
                new Filter(Selector.between(any6, any6), true)));
        return new Rule(DEFAULT_RESPONSE, anyPeer, action, authentication, null, null, false);
    }

    public boolean hasDefaultResponse() {
        return defaultResponse != null;
    }

    /** True when {@code rule} is this policy's default response. */
    public boolean isDefaultResponse(Rule rule) {
        return rule != null && DEFAULT_RESPONSE.equals(rule.name());
    }

    /** An explicit rule by name (never the default response). */
    public Optional<Rule> rule(String name) {
        return rules.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** The negotiate rules a responder may take, in priority order: the explicit ones, then the default response. */
    public List<Rule> respondingRules() {
        List<Rule> out = new java.util.ArrayList<>();
        for (Rule r : rules) if (r.action() instanceof FilterAction.Negotiate) out.add(r);
        if (defaultResponse != null) out.add(defaultResponse);
        return out;
    }
}
