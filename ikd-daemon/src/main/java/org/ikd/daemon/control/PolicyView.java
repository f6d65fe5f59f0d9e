package org.ikd.daemon.control;

import java.util.ArrayList;
import java.util.List;
import org.ikd.core.policy.MainModeSettings;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Rule;

/**
 * {@code ikdctl show policy}: the policy in force, rules in priority order, dynamic rules marked.
 * Built from the model by {@link #from}; authentication methods are described by where the key
 * comes from, never by the key.
 *
 * @param source the policy file, for messages
 */
public record PolicyView(String name, String source, MainMode mainMode, List<RuleView> rules, boolean defaultResponse) {
    public PolicyView {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** Windows "key exchange settings". {@code quickModeLimit} 0 means no limit. */
    public record MainMode(List<String> methods, long lifetimeSeconds, boolean masterKeyPfs, int quickModeLimit) {
        public MainMode {
            methods = methods == null ? List.of() : List.copyOf(methods);
        }

        static MainMode from(MainModeSettings s) {
            List<String> methods = new ArrayList<>();
            s.methods().forEach(m -> methods.add(m.toString()));
            return new MainMode(methods, s.lifetimeSeconds(), s.masterKeyPfs(), s.quickModeLimit());
        }
    }

    public static PolicyView from(Policy policy, String source) {
        List<RuleView> rules = new ArrayList<>();
        for (Rule r : policy.rules()) rules.add(RuleView.from(r));
        return new PolicyView(policy.name(), source, MainMode.from(policy.mainMode()), rules, policy.hasDefaultResponse());
    }
}
