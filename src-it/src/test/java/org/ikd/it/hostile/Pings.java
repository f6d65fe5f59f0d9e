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
    private static final Pattern RECEIVED = Pattern.compile("(\\d+) received");

    private Pings() {}

    /** {@code ping -c COUNT -i INTERVAL -W 2 -I FROM TO} in {@code ns} (bounded by 120 s); the replies received. */
    public static Reply ping(Netns ns, int count, String interval, String from, String to) {
        List<String> argv = new ArrayList<>(List.of("ping", "-c", Integer.toString(count), "-i", interval, "-W", "2", "-I", from, to));
        Command.Result r = ns.exec(120, argv.toArray(String[]::new));
        String out = r.stdout() + r.stderr();
        Matcher m = RECEIVED.matcher(out);
        return new Reply(count, m.find() ? Integer.parseInt(m.group(1)) : 0, out);
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
