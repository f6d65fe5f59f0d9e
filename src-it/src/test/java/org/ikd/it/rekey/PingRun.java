package org.ikd.it.rekey;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The outcome of one {@code ping -D -i 0.01 -c N}: how many went out, how many came back, and
 * the runs of lost sequence numbers, each with the time of the reply before it.
 */
record PingRun(int transmitted, int received, List<Gap> gaps) {
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");
    private static final Pattern REPLY = Pattern.compile("(?m)^\\[(\\d+\\.\\d+)\\] .*icmp_seq=(\\d+) ");

    /** Pings {@code first..last} lost; the reply before them came at {@code afterEpochSeconds} (NaN: none). */
    record Gap(int first, int last, double afterEpochSeconds) {
        int lost() {
            return last - first + 1;
        }

        @Override
        public String toString() {
            return "seq " + first + ".." + last + " after " + String.format("%.3f", afterEpochSeconds);
        }
    }

    static PingRun parse(String out) {
        Matcher s = SUMMARY.matcher(out);
        if (!s.find()) throw new IllegalStateException("no ping summary:\n" + out);
        TreeMap<Integer, Double> replies = new TreeMap<>();
        Matcher r = REPLY.matcher(out);
        while (r.find()) replies.put(Integer.parseInt(r.group(2)), Double.parseDouble(r.group(1)));
        int transmitted = Integer.parseInt(s.group(1));
        List<Gap> gaps = new ArrayList<>();
        int expected = 1;
        double last = Double.NaN;
        for (var e : replies.entrySet()) {
            if (e.getKey() > expected) gaps.add(new Gap(expected, e.getKey() - 1, last));
            expected = e.getKey() + 1;
            last = e.getValue();
        }
        if (expected <= transmitted) gaps.add(new Gap(expected, transmitted, last));
        return new PingRun(transmitted, Integer.parseInt(s.group(2)), gaps);
    }

    int lost() {
        return transmitted - received;
    }
}
