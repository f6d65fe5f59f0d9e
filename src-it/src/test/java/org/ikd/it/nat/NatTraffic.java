package org.ikd.it.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Netns;

/** Pings and a short iperf3 TCP transfer between our namespaces only, every wait bounded. */
public final class NatTraffic {
    private static final Pattern RATE = Pattern.compile("([0-9.]+ [KMG]?bits/sec).*receiver");

    private NatTraffic() {}

    /** {@code ping -c COUNT -W 5 -I from to} in {@code ns}: asserts every reply came back, the first included. */
    public static String assertPings(Netns ns, int count, String from, String to) {
        Command.Result r = ns.exec(60, "ping", "-c", String.valueOf(count), "-W", "5", "-I", from, to);
        String out = r.stdout() + r.stderr();
        assertEquals(0, r.exitCode(), out);
        assertTrue(out.contains("icmp_seq=1 "), "the first ping was not answered:\n" + out);
        assertTrue(out.contains(" 0% packet loss"), out);
        return out;
    }

    /** True when one ping of {@code ns} from {@code from} to {@code to} is answered within {@code waitSeconds}. */
    public static boolean answers(Netns ns, String from, String to, int waitSeconds) {
        return ns.exec(waitSeconds + 5L, "ping", "-c", "1", "-W", String.valueOf(waitSeconds), "-I", from, to).exitCode() == 0;
    }

    /** A 2-second iperf3 TCP transfer; asserts it completed and returns the receiver's rate. */
    public static String assertTcp(Netns client, String from, Netns server, String to, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        var argv = new java.util.ArrayList<>(server.execPrefix());
        argv.addAll(java.util.List.of("iperf3", "-s", "-1", "-B", to, "-p", "5201"));
        Process s = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(dir.resolve("iperf3-server.out").toFile()).start();
        try {
            Command.Result r = null;
            for (int attempt = 0; attempt < 10; attempt++) {
                IkdNode.sleep(300);
                r = client.exec(30, "iperf3", "-c", to, "-B", from, "-p", "5201", "-t", "2");
                if (r.exitCode() == 0 || !(r.stdout() + r.stderr()).contains("connect")) break;
            }
            String out = r.stdout() + r.stderr();
            assertEquals(0, r.exitCode(), out);
            Matcher m = RATE.matcher(out);
            assertTrue(m.find(), out);
            return m.group(1);
        } finally {
            s.destroy();
            if (!s.waitFor(5, TimeUnit.SECONDS)) s.destroyForcibly();
        }
    }

    /** Skips the test unless it runs as root and every one of {@code programs} is installed (.ci/run installs them). */
    public static void assumeRootAnd(String... programs) throws IOException {
        assumeTrue(isRoot(), "needs root (namespaces, TUN, raw sockets)");
        for (String p : programs) assumeTrue(Command.available(p), "needs " + p + " (.ci/run installs it)");
    }

    public static boolean isRoot() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0"));
    }
}
