package org.ikd.it.hostile;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ikd.it.lab.IkdNode;

/**
 * The numbers of {@code ikdctl show stats --json}: every {@code "name" : N} pair, IKE and IPsec
 * counters and the drop reasons alike (their names do not collide), e.g.
 * {@code numPacketsWithReplayDetection}, {@code receiveFail}, {@code replay}.
 */
public record Counters(Map<String, Long> values, String json) {
    private static final Pattern PAIR = Pattern.compile("\"([A-Za-z_-]+)\"\\s*:\\s*(\\d+)");

    /** {@code ikdctl show stats --json} of {@code ikd}, parsed. */
    public static Counters of(IkdNode ikd) {
        return parse(ikd.ikdctl("show", "stats", "--json"));
    }

    public static Counters parse(String json) {
        Map<String, Long> v = new TreeMap<>();
        Matcher m = PAIR.matcher(json);
        while (m.find()) v.merge(m.group(1), Long.parseLong(m.group(2)), Long::sum);
        if (v.isEmpty()) throw new IllegalStateException("no counters in ikdctl's answer:\n" + json);
        return new Counters(Map.copyOf(v), json);
    }

    public long get(String name) {
        return values.getOrDefault(name, 0L);
    }

    /** How much {@code name} grew since {@code before}. */
    public long since(Counters before, String name) {
        return get(name) - before.get(name);
    }
}
