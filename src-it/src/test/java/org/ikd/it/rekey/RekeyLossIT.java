package org.ikd.it.rekey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ikd.it.daemon.LabPolicies;
import org.ikd.it.lab.Charon;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Netns;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, rekeying: a ping every 10 ms for 50 s (5000 pings) and a rate-limited iperf3 TCP stream beside it,
 * with Quick Mode lifetimes of 20 s (ikd rekeys at its soft lifetime), against ikd and against
 * strongSwan. Asserts at most one lost ping per rekey and that the TCP stream completes; prints
 * the figures and, for each gap, the time of the reply before it (to set against the Oakley log).
 */
class RekeyLossIT {
    private static final int PINGS = 5000;
    private static final int TCP_SECONDS = 48;
    private static final int MAX_LOSS_PER_REKEY = 1;
    /** charon's IKE rekey_time: short, so that it renews the ISAKMP SA (re-authenticates) during the pings. */
    private static final String CHARON_IKE_REKEY = "40s";
    private static final Pattern KEY_UPDATES = Pattern.compile("Key Updates\\s+(\\d+)");

    @TempDir
    Path dir;

    @BeforeEach
    void needsRootAndTools() throws Exception {
        assumeTrue(Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0")), "needs root");
        assumeTrue(Command.available("iperf3") && Command.available("ping"), "needs iperf3 and ping");
    }

    @Test
    void ikdToIkdLosesAtMostOnePingPerQuickModeRekey() throws Exception {
        try (TwoHosts lab = TwoHosts.create("ikd-rk-ii");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), LabPolicies.transport(TwoHosts.A, TwoHosts.B, "aes128gcm16", "20s"));
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), LabPolicies.transport(TwoHosts.B, TwoHosts.A, "aes128gcm16", "20s"))) {
            warmUp(lab.a, TwoHosts.A, TwoHosts.B);
            int before = keyUpdates(a) + keyUpdates(b);
            Measured m = measure(lab.a, TwoHosts.A, lab.b, TwoHosts.B);
            RekeyLoss loss = report("ikd <-> ikd, ESP transport aes128gcm16, QM lifetime 20 s", m, a.oakleyLog());
            int updates = keyUpdates(a) + keyUpdates(b) - before;
            // a pair dropped by rekey-collision resolution (both peers rekeyed at once) is one of the
            // installs the loss measure counts, but only one renewal: each side counts the survivor
            int collisions = a.oakleyLog().split("rekey collision:", -1).length - 1;
            int renewals = loss.perRekey().length - collisions;
            assertTrue(updates >= 2 * renewals, "both sides count each rekey as a Key Update: " + updates
                    + " for " + renewals + " renewals (" + collisions + " collisions)");
            assertBounds(loss, m, a.oakleyLog() + "\n" + b.oakleyLog());
        }
    }

    @Test
    void ikdToStrongSwanLosesAtMostOnePingPerQuickModeRekey() throws Exception {
        assumeTrue(Charon.installed(), "strongSwan is not installed (.ci/run installs it)");
        String charonConf = RekeyPeers.charon(TwoHosts.B, TwoHosts.A, TwoHosts.NET_B, TwoHosts.NET_A, "aes128gcm16",
                IkdNode.PSK, "25s", "30s", CHARON_IKE_REKEY);
        try (TwoHosts lab = TwoHosts.create("ikd-rk-is");
             Charon charon = Charon.start(lab.b, dir.resolve("charon"), charonConf);
             IkdNode ikd = IkdNode.start(lab.a, dir.resolve("ikd"), RekeyPeers.ikdTunnel(TwoHosts.A, TwoHosts.B,
                     TwoHosts.NET_A, TwoHosts.NET_B, "aes128gcm16", "20s"))) {
            warmUp(lab.a, TwoHosts.INNER_A, TwoHosts.INNER_B);
            int before = keyUpdates(ikd);
            Measured m = measure(lab.a, TwoHosts.INNER_A, lab.b, TwoHosts.INNER_B);
            RekeyLoss loss = report("ikd <-> strongSwan, ESP tunnel/udp aes128gcm16, QM lifetime 20 s (charon 25 s/30 s, IKE "
                    + CHARON_IKE_REKEY + ")", m, ikd.oakleyLog());
            String charonLog = charon.log();
            System.out.println("charon IKE_SA renewals:\n" + lines(charonLog, "reauth", "rekeying", "deleting IKE_SA",
                    "IKE_SA ikd[", "CHILD_SA net{", "adopting"));
            System.out.println("charon SAs at the end:\n" + charon.listSas());
            assertTrue(keyUpdates(ikd) - before >= loss.perRekey().length, ikd.ikdctl("show", "stats"));
            assertBounds(loss, m, ikd.oakleyLog() + "\n" + lines(charonLog, "IKE", "CHD"));
        }
    }

    private record Measured(PingRun ping, int tcpExit, String tcpOutput, double from, double to) {
        double seconds() {
            return to - from;
        }
    }

    /** Three pings until one is answered, so the first Quick Mode is up before measuring. */
    private static void warmUp(Netns ns, String from, String to) {
        Command.Result r = ns.exec(30, "ping", "-c", "3", "-W", "5", "-I", from, to);
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
    }

    /** The pings in the foreground, an iperf3 TCP stream at 20 Mbit/s beside them. */
    private Measured measure(Netns client, String from, Netns server, String to) throws Exception {
        Path out = Files.createDirectories(dir.resolve("traffic"));
        Process s = background(server, out.resolve("iperf3-server.out"), "iperf3", "-s", "-1", "-B", to, "-p", "5211");
        Process c = null;
        try {
            Thread.sleep(500);
            c = background(client, out.resolve("iperf3-client.out"), "iperf3", "-c", to, "-B", from, "-p", "5211",
                    "-t", String.valueOf(TCP_SECONDS), "-b", "20M");
            Thread.sleep(2000);                     // past the stream's slow start, which alone drops a few pings
            double start = System.currentTimeMillis() / 1000.0;
            Command.Result r = client.exec(150, "ping", "-D", "-i", "0.01", "-c", String.valueOf(PINGS), "-W", "1", "-I", from, to);
            double end = System.currentTimeMillis() / 1000.0;
            boolean done = c.waitFor(TCP_SECONDS + 30, TimeUnit.SECONDS);
            String tcp = Files.readString(out.resolve("iperf3-client.out"));
            return new Measured(PingRun.parse(r.stdout() + r.stderr()), done ? c.exitValue() : -1, tcp, start, end);
        } finally {
            if (c != null) stop(c);
            stop(s);
        }
    }

    private static Process background(Netns ns, Path output, String... args) throws Exception {
        List<String> argv = new ArrayList<>(ns.execPrefix());
        argv.addAll(List.of(args));
        return new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
    }

    private static int keyUpdates(IkdNode ikd) {
        String stats = ikd.ikdctl("show", "stats");
        Matcher m = KEY_UPDATES.matcher(stats);
        assertTrue(m.find(), stats);
        return Integer.parseInt(m.group(1));
    }

    /** Prints the figures and returns the loss set against the rekeys of {@code oakley}. */
    private static RekeyLoss report(String what, Measured m, String oakley) {
        PingRun p = m.ping();
        RekeyLoss loss = RekeyLoss.of(p, oakley, m.from(), m.to());
        int rekeys = loss.perRekey().length;
        System.out.printf("%s: %d pings in %.1f s, %d lost: %d across %d rekeys (per rekey %s, mean %.2f), %d elsewhere;"
                        + " gaps %s; TCP exit %d, %s%n", what, p.transmitted(), m.seconds(), p.lost(), loss.total(), rekeys,
                Arrays.toString(loss.perRekey()), rekeys == 0 ? 0.0 : (double) loss.total() / rekeys,
                loss.background(), p.gaps(), m.tcpExit(), receiverLine(m.tcpOutput()));
        System.out.println("Oakley Quick Mode lines:\n" + lines(oakley, "Phase 2", "Phase 1", "Quick", "Delete"));
        return loss;
    }

    private static void assertBounds(RekeyLoss loss, Measured m, String logs) {
        assertTrue(loss.perRekey().length >= 2, "expected at least two Quick Mode rekeys during the pings:\n" + logs);
        // Background loss (see below) also falls into a rekey's window by chance: at the run's own
        // background rate, a window of ~1.1 s holds that many on average; the bound allows for it.
        double pingsPerSecond = m.ping().transmitted() / m.seconds();
        double window = (RekeyLoss.BEFORE_SECONDS + RekeyLoss.WINDOW_SECONDS) * pingsPerSecond;
        double rate = (double) loss.background() / Math.max(1, m.ping().transmitted() - window * loss.perRekey().length);
        int bound = MAX_LOSS_PER_REKEY + (int) Math.ceil(rate * window);
        assertTrue(loss.worst() <= bound, "lost " + Arrays.toString(loss.perRekey()) + " pings across the rekeys (bound "
                + bound + ": 1 + background " + rate + " x " + window + " pings): " + m.ping().gaps() + "\n" + logs);
        // Away from rekeys, a loaded 2-core machine (ikd's userspace data plane, two JVMs, iperf3, ping) drops some.
        assertTrue(loss.background() <= PINGS / 50, "lost " + loss.background() + " pings away from any rekey\n" + logs);
        assertEquals(0, m.tcpExit(), "the TCP stream broke:\n" + m.tcpOutput());
    }

    private static String receiverLine(String iperf) {
        return iperf.lines().filter(l -> l.contains("receiver")).findFirst().orElse("no iperf3 receiver line");
    }

    private static String lines(String log, String... words) {
        StringBuilder b = new StringBuilder();
        log.lines().filter(l -> List.of(words).stream().anyMatch(l::contains)).forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }
}
