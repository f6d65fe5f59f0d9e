package org.ikd.daemon.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Rule;
import org.ikd.daemon.control.RuleView;

/**
 * What a reload changes: the rules of the old policy that the new one removes or words
 * differently (filters, action, security methods, authentication source, tunnel), compared as
 * {@code ikdctl show policy} shows them, so a key file's new contents alone keep the SAs up; or
 * whose replay window or NAT-T differs (the SAs keyed with the old value are deleted); the
 * default response counts as a rule named {@link Policy#DEFAULT_RESPONSE}. DPD and the NAT
 * keepalive ({@code Liveness}) are not a change: the engine reads them for its next probe.
 */
public final class PolicyChanges {
    private PolicyChanges() {}

    public static List<String> changedRules(Policy old, Policy next) {
        List<String> out = new ArrayList<>();
        for (Rule r : old.rules()) {
            Optional<Rule> n = next.rule(r.name());
            if (n.isEmpty() || !RuleView.from(r).equals(RuleView.from(n.get()))
                    || !r.options().withLiveness(null).equals(n.get().options().withLiveness(null)))
                out.add(r.name());
        }
        Rule d = old.defaultResponse();             // the default response: turned off or worded differently
        if (d != null && (next.defaultResponse() == null || !RuleView.from(d).equals(RuleView.from(next.defaultResponse()))))
            out.add(d.name());
        return out;
    }
}
