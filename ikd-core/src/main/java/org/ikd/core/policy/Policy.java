package org.ikd.core.policy;

import java.util.List;
import java.util.Optional;

/**
 * An assigned IPsec policy: Main Mode settings, rules in priority order (the first rule whose
 * filter matches wins), and the default response rule (answer negotiations that match no rule).
 */
public record Policy(String name, MainModeSettings mainMode, List<Rule> rules, boolean defaultResponse) {
    public Policy {
        rules = List.copyOf(rules);
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Rule r : rules)
            if (!names.add(r.name())) throw new IllegalArgumentException("two rules are named '" + r.name() + "'");
    }

    public Optional<Rule> rule(String name) {
        return rules.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
