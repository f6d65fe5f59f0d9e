package org.ikd.esp.spd;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.ikd.core.policy.Selector;
import org.ikd.esp.packet.Flow;

/**
 * An immutable, compiled SPD snapshot (RFC 4301 §4.4.1). Rules are ordered by {@code order}
 * (ties keep their list order); within a rule its selectors keep their order; the first
 * matching selector decides. Packets that match nothing get {@code defaultAction}.
 *
 * <p>Thread-safety: immutable; the data plane publishes it through a volatile field, so a reload
 * is one reference swap and a pump sees either the old or the new snapshot, never a mix.
 */
public final class Spd {
    private final List<SpdRule> rules;
    private final SpdRule.Action defaultAction;
    private final TrafficMatcher[] matchers;
    private final SpdRule[] ruleOf;

    private Spd(List<SpdRule> rules, SpdRule.Action defaultAction) {
        List<SpdRule> sorted = new ArrayList<>(rules);
        sorted.sort(Comparator.comparingInt(SpdRule::order));
        this.rules = List.copyOf(sorted);
        this.defaultAction = defaultAction;
        List<TrafficMatcher> m = new ArrayList<>();
        List<SpdRule> r = new ArrayList<>();
        for (SpdRule rule : sorted) {
            for (Selector s : rule.selectors()) {
                m.add(new TrafficMatcher(s));
                r.add(rule);
            }
        }
        this.matchers = m.toArray(new TrafficMatcher[0]);
        this.ruleOf = r.toArray(new SpdRule[0]);
    }

    public static Spd of(List<SpdRule> rules, SpdRule.Action defaultAction) {
        long names = rules.stream().map(SpdRule::name).distinct().count();
        if (names != rules.size()) throw new IllegalArgumentException("SPD rule names must be unique: " + rules);
        return new Spd(rules, defaultAction);
    }

    /** An SPD that lets everything pass in the clear (the Windows "no policy assigned" state). */
    public static Spd permitAll() {
        return new Spd(List.of(), SpdRule.Action.PERMIT);
    }

    /** The index of the first matching entry, or -1. */
    public int lookup(Flow flow) {
        TrafficMatcher[] m = matchers;
        for (int i = 0; i < m.length; i++) if (m[i].matches(flow)) return i;
        return -1;
    }

    public SpdRule rule(int entry) {
        return ruleOf[entry];
    }

    public Selector selector(int entry) {
        return matchers[entry].selector();
    }

    /** The action of an entry from {@link #lookup}, the default action for -1. */
    public SpdRule.Action action(int entry) {
        return entry < 0 ? defaultAction : ruleOf[entry].action();
    }

    public SpdRule.Action defaultAction() {
        return defaultAction;
    }

    public List<SpdRule> rules() {
        return rules;
    }

    @Override
    public String toString() {
        return "Spd[" + rules.size() + " rules, " + matchers.length + " selectors, default " + defaultAction + "]";
    }
}
