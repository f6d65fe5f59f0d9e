package org.ikd.it.hostile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.Netns;

/** Bounded pings between our namespaces, and the checks every test here makes before it runs. */
public final class Pings {
    private static final Pattern ANSWERED = Pattern.compile("bytes from .*icmp_seq=(\\d+)");

    private Pings() {}

    /** {@code ping -c COUNT -i INTERVAL -W 2 -I FROM TO} in {@code ns} (bounded by 120 s); the replies received. */
    public static Reply ping(Netns ns, int count, String interval, String from, String to) {
        // Two requests more than counted, and only the counted ones' replies count: iputils stops
        // max(2 RTT, interval) after its last request, and a loaded machine can delay the last replies
        // beyond that; the two extra intervals give them that much longer. (-w would keep sending until
        // every counted request is answered, so a lost reply would be replaced, not seen.)
        List<String> argv = new ArrayList<>(List.of("ping", "-c", Integer.toString(count + 2), "-i", interval, "-W", "2",
                "-I", from, to));
        Command.Result r = ns.exec(120, argv.toArray(String[]::new));
        String out = r.stdout() + r.stderr();
        java.util.Set<Integer> answered = new java.util.TreeSet<>();
        for (Matcher m = ANSWERED.matcher(out); m.find(); ) {
            int seq = Integer.parseInt(m.group(1));
            if (seq <= count) answered.add(seq);
        }
        return new Reply(count, answered.size(), out);
    }

    /** Pings once a second until one is answered or {@code seconds} pass; the seconds it took, or -1. */
    public static double firstAnswer(Netns ns, String from, String to, int seconds) {
        long start = System.nanoTime();
        for (int i = 0; i < seconds; i++) {
            Command.Result r = ns.exec(10, "ping", "-c", "1", "-W", "1", "-I", from, to);
            if (r.exitCode() == 0) return (System.nanoTime() - start) / 1e9;
        }
        return -1;
    }

    /** Waits (20 s at most) for the first answered ping, that is for Main Mode and Quick Mode; the seconds it took. */
    public static double establish(Netns ns, String from, String to) {
        double s = firstAnswer(ns, from, to, 20);
        if (s < 0) throw new AssertionError("no ping from " + from + " to " + to + " answered within 20 s");
        return s;
    }

    public record Reply(int sent, int received, String text) {
        public boolean all() {
            return received == sent;
        }
    }

    public static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }

    public static boolean available(String... programs) {
        for (String p : programs) if (!Command.available(p)) return false;
        return true;
    }
}
