package org.ikd.it.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.Netns;

/** Traffic the daemon tests send across, bounded in count and time, between our namespaces only. */
final class Traffic {
    private static final Pattern RATE = Pattern.compile("([0-9.]+ [KMG]?bits/sec).*receiver");

    private Traffic() {}

    /** {@code ping -c 5} from {@code ns}; asserts every reply came back, the first one included. */
    static String assertPingsAnswered(Netns ns, String... target) {
        List<String> argv = new ArrayList<>(List.of("ping", "-c", "5", "-W", "5"));
        argv.addAll(List.of(target));
        Command.Result r = ns.exec(60, argv.toArray(String[]::new));
        String out = r.stdout() + r.stderr();
        assertEquals(0, r.exitCode(), out);
        assertTrue(out.contains("icmp_seq=1 "), "the first ping was not answered:\n" + out);
        assertTrue(out.contains(" 0% packet loss"), out);
        return out;
    }

    /**
     * A 3-second iperf3 TCP transfer from {@code client} to {@code server} (bound to those
     * addresses); asserts it completed and returns the receiver's rate, e.g. "180 Mbits/sec".
     */
    static String assertTcpTransfer(Netns client, String from, Netns server, String to, Path dir) throws Exception {
        List<String> serverArgv = new ArrayList<>(server.execPrefix());
        serverArgv.addAll(List.of("iperf3", "-s", "-1", "-B", to, "-p", "5201"));
        Files.createDirectories(dir);
        Process s = new ProcessBuilder(serverArgv).redirectErrorStream(true).redirectOutput(dir.resolve("iperf3-server.out").toFile()).start();
        try {
            Command.Result r = null;
            for (int attempt = 0; attempt < 10; attempt++) {
                IkdProcess.sleep(300);
                r = client.exec(30, "iperf3", "-c", to, "-B", from, "-p", "5201", "-t", "3");
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

    static boolean isRoot() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0"));
    }

    static boolean available(String program) {
        return Command.available(program);
    }
}
