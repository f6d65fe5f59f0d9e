package org.ikd.it.lab;

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

/** One bounded iperf3 TCP transfer between two namespaces of a lab (server bound to {@code to}, port 5201). */
public final class Iperf {
    private static final Pattern RATE = Pattern.compile("([0-9.]+ [KMG]?bits/sec).*receiver");
    private static final Pattern SENDER = Pattern.compile("([0-9.]+ [KMG]?bits/sec)\\s+(\\d+)\\s+sender");

    private Iperf() {}

    /**
     * Runs {@code iperf3 -c to -B from -t seconds} in {@code client} against a one-shot server in
     * {@code server} (its output in {@code dir}); retries the connect up to 10 times while IKE is
     * still negotiating. Asserts the transfer completed; returns the receiver's rate ("263 Mbits/sec").
     */
    public static String assertTcp(Netns client, String from, Netns server, String to, Path dir, int seconds)
            throws IOException, InterruptedException {
        return assertTcp(client, from, server, to, dir, seconds, null);
    }

    /**
     * {@link #assertTcp(Netns, String, Netns, String, Path, int)} at most at {@code bitrate} (iperf3
     * {@code -b}, e.g. "20M"; null: as fast as it goes). A test that captures the link and has tshark
     * decrypt it caps the rate: at line rate two seconds are a quarter of a gigabyte of ESP to decrypt.
     */
    public static String assertTcp(Netns client, String from, Netns server, String to, Path dir, int seconds, String bitrate)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<String> argv = new ArrayList<>(server.execPrefix());
        argv.addAll(List.of("iperf3", "-s", "-1", "-B", to, "-p", "5201"));
        Process s = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(dir.resolve("iperf3-server.out").toFile()).start();
        try {
            Command.Result r = null;
            for (int attempt = 0; attempt < 10; attempt++) {
                IkdNode.sleep(300);
                List<String> c = new ArrayList<>(List.of("iperf3", "-c", to, "-B", from, "-p", "5201", "-t", String.valueOf(seconds)));
                if (bitrate != null) c.addAll(List.of("-b", bitrate));
                r = client.exec(seconds + 27L, c.toArray(String[]::new));
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

    /**
     * {@code iperf3 -n bytes} (e.g. "2M") from {@code from} to a one-shot server on {@code to}, the
     * client bounded by {@code timeoutSeconds}; asserts it completed and returns the sender's
     * summary: rate and TCP retransmissions ("1.52 Mbits/sec, 37 retransmitted").
     */
    public static String assertBytes(Netns client, String from, Netns server, String to, Path dir, String bytes, int timeoutSeconds)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<String> argv = new ArrayList<>(server.execPrefix());
        argv.addAll(List.of("iperf3", "-s", "-1", "-B", to, "-p", "5201"));
        Process s = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(dir.resolve("iperf3-server.out").toFile()).start();
        try {
            IkdNode.sleep(500);                  // the server's listen; the tunnel is up already
            Command.Result r = client.exec(timeoutSeconds, "iperf3", "-c", to, "-B", from, "-p", "5201", "-n", bytes);
            String out = r.stdout() + r.stderr();
            assertEquals(0, r.exitCode(), out);
            Matcher m = SENDER.matcher(out);
            assertTrue(m.find(), out);
            return m.group(1) + ", " + m.group(2) + " retransmitted";
        } finally {
            s.destroy();
            if (!s.waitFor(5, TimeUnit.SECONDS)) s.destroyForcibly();
        }
    }

    /** True when this JVM runs as root (uid 0 in /proc/self/status). */
    public static boolean isRoot() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0"));
    }
}
