package org.ikd.daemon.policyfile;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rules that write exactly the same filter with different filter actions. Rules are matched in
 * file order and the first match decides (as in Windows), so the later rule never applies to
 * that traffic: most likely a permit and a block written for the same host by two people.
 * A warning, not an error: the policy still does what the first rule says. One warning per
 * pair of rules; one hash lookup per filter, so 5,000 rules cost nothing noticeable.
 */
final class FilterConflicts {
    private FilterConflicts() {}

    static void warn(List<ParsedRule> rules, Map<String, Location> where, Diagnostics log) {
        Map<FilterTemplate, ParsedRule> first = new HashMap<>();
        Set<String> warned = new HashSet<>();
        for (ParsedRule r : rules) {
            if (!r.enabled()) continue;
            for (FilterTemplate f : r.filterList().filters()) {
                ParsedRule earlier = first.putIfAbsent(f, r);
                if (earlier == null || earlier == r || earlier.action().name().equals(r.action().name())) continue;
                if (!warned.add(earlier.name() + "\n" + r.name())) continue;
                log.warn(where.getOrDefault(r.name(), Location.FILE), "rule '" + r.name() + "' has the same filter as rule '"
                        + earlier.name() + "' (" + f + ") with another filter action: '" + r.action().name() + "' here, '"
                        + earlier.action().name() + "' there; '" + earlier.name() + "' comes first and decides, so '"
                        + r.name() + "' never applies to that traffic");
            }
        }
    }
}
