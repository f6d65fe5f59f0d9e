package org.ikd.it.rekey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ikd.it.lab.Charon;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Netns;
import org.ikd.it.lab.PolicyToml;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, ISAKMP SA renewal and master-key PFS under a ping every 10 ms: Main Mode lifetime 30 s
 * (renewed by the Main Mode initiator at 85..90 %, the old SA deleted at 30 s), Quick Mode lifetime
 * 36 s (its rekey at 32.4 s runs on the new ISAKMP SA); against ikd and against strongSwan; then
 * master-key PFS, where every Quick Mode rekey follows a new Main Mode; and, on the ikd pair, a
 * rekey collision ({@link RekeyCollision}). Prints the loss figures.
 */
class IsakmpRenewalIT {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final Pattern STAMPED = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) ");
    private static final Pattern MM_COUNT = Pattern.compile("Main Mode SAs: (\\d+)");
    private static final Pattern OAKLEY_MAIN_MODES = Pattern.compile("IKE Main Mode\\s+(\\d+)");

    @TempDir
    Path dir;

    @BeforeEach
    void needsRoot() throws Exception {
        assumeTrue(Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0")), "needs root");
        assumeTrue(Command.available("ping"), "needs ping");
    }

    @Test
    void ikdRenewsItsIsakmpSaUnderTrafficKeepsTheQuickModePairAndResolvesARekeyCollision() throws Exception {
        try (TwoHosts lab = TwoHosts.create("ikd-mr-ii");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), policy(TwoHosts.A, TwoHosts.B, "lifetime = \"30s\""));
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), policy(TwoHosts.B, TwoHosts.A, "lifetime = \"30s\""))) {
            Renewal r = renewUnderPings(lab.a, TwoHosts.A, TwoHosts.B, a);
            report("ikd <-> ikd, transport, MM 30 s, QM 36 s", r, a.oakleyLog());
            assertRenewed(r, a);
            // (4) on the same pair of daemons: both start a Quick Mode for the same traffic at once
            RekeyCollision.check(lab.a, TwoHosts.A, TwoHosts.B, a, b, dir.resolve("a"), dir.resolve("b"), dir.resolve("traffic"));
        }
    }

    @Test
    void strongSwanAcceptsTheRenewedIsakmpSaAndTrafficCarriesOn() throws Exception {
        assumeTrue(Charon.installed(), "strongSwan is not installed (.ci/run installs it)");
        // charon's own IKE rekey far away and its child lifetimes beyond ikd's: ikd renews and rekeys first.
        String charonConf = RekeyPeers.charon(TwoHosts.B, TwoHosts.A, TwoHosts.NET_B, TwoHosts.NET_A, "aes128gcm16",
                IkdNode.PSK, "60s", "70s", "10m");
        String ikdPolicy = RekeyPeers.ikdTunnel(TwoHosts.A, TwoHosts.B, TwoHosts.NET_A, TwoHosts.NET_B, "aes128gcm16", "36s")
                .replace("methods = [\"aes128-sha256-modp2048\"]\n", "methods = [\"aes128-sha256-modp2048\"]\nlifetime = \"30s\"\n");
        try (TwoHosts lab = TwoHosts.create("ikd-mr-is");
             Charon charon = Charon.start(lab.b, dir.resolve("charon"), charonConf);
             IkdNode ikd = IkdNode.start(lab.a, dir.resolve("ikd"), ikdPolicy)) {
            Renewal r = renewUnderPings(lab.a, TwoHosts.INNER_A, TwoHosts.INNER_B, ikd);
            report("ikd <-> strongSwan, tunnel/udp, MM 30 s, QM 36 s (charon IKE rekey 10m, child 60 s/70 s)", r, ikd.oakleyLog());
            String log = charon.log();
            System.out.println("charon on the renewal:\n" + lines(log, "IKE_SA ikd[", "deleting IKE_SA", "received DELETE",
                    "adopting", "CHILD_SA net{", "closing CHILD_SA", "reauth", "ISAKMP_SA"));
            System.out.println("charon SAs at the end:\n" + charon.listSas());
            assertRenewed(r, ikd);
        }
    }

    @Test
    void masterKeyPfsPrecedesEveryQuickModeRekeyWithANewMainMode() throws Exception {
        try (TwoHosts lab = TwoHosts.create("ikd-mr-pf");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), policy(TwoHosts.A, TwoHosts.B, "master-key-pfs = true", "12s"));
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), policy(TwoHosts.B, TwoHosts.A, "master-key-pfs = true", "12s"))) {
            warmUp(lab.a, TwoHosts.A, TwoHosts.B);
            int mmBefore = oakleyMainModes(a);
            double from = now();
            Command.Result ping = lab.a.exec(90, "ping", "-D", "-i", "0.01", "-c", "9999", "-w", "25", "-W", "1", "-I", TwoHosts.A, TwoHosts.B);
            double to = now();
            PingRun run = PingRun.parse(ping.stdout() + ping.stderr());
            String oakley = a.oakleyLog();
            RekeyLoss loss = RekeyLoss.of(run, oakley, from, to);
            int mainModes = oakleyMainModes(a) - mmBefore;
            System.out.printf("master-key PFS, QM 12 s: %d pings in %.1f s, %d lost, per QM rekey %s, %d elsewhere;"
                    + " %d Main Modes for %d Quick Mode rekeys; gaps %s%n", run.transmitted(), to - from, run.lost(),
                    java.util.Arrays.toString(loss.perRekey()), loss.background(), mainModes, loss.perRekey().length, run.gaps());
            System.out.println(lines(oakley, "Phase 1", "Phase 2", "master-key"));
            assertTrue(loss.perRekey().length >= 2, "two Quick Mode rekeys expected:\n" + oakley);
            assertTrue(mainModes >= loss.perRekey().length, mainModes + " Main Modes for " + loss.perRekey().length + " rekeys");
            for (double rekey : loss.rekeyTimes())
                assertTrue(times(oakley, "Phase 1 SA established").stream().anyMatch(t -> t <= rekey && t > rekey - 3),
                        "no Main Mode in the 3 s before the rekey at " + rekey + ":\n" + oakley);
            assertTrue(oakley.contains("master-key PFS"), "the ISAKMP SA is deleted after its Quick Mode:\n" + oakley);
            assertTrue(loss.worst() <= 1, "lost " + java.util.Arrays.toString(loss.perRekey()) + " around the rekeys");
            assertTrue(run.lost() <= run.transmitted() / 50, "lost " + run.lost());
        }
    }

    /** What the renewal run saw: {@code show mm}/{@code show qm} before, with both SAs and after; the pings. */
    private record Renewal(String qmBefore, String mmBoth, String qmBoth, String mmAfter, String qmEnd, PingRun ping,
                           double from, double to) {}

    private Renewal renewUnderPings(Netns ns, String from, String to, IkdNode ikd) throws Exception {
        long t0 = System.nanoTime();
        warmUp(ns, from, to);
        String qmBefore = ikd.ikdctl("show", "qm");
        Path out = Files.createDirectories(dir.resolve("traffic")).resolve("ping.out");
        List<String> argv = new ArrayList<>(ns.execPrefix());
        argv.addAll(List.of("ping", "-D", "-i", "0.01", "-c", "9999", "-w", "36", "-W", "1", "-I", from, to));
        double start = now();
        Process ping = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            String mmBoth = pollShowMm(ikd, 2, t0 + TimeUnit.SECONDS.toNanos(33));
            String qmBoth = ikd.ikdctl("show", "qm");
            String mmAfter = pollShowMm(ikd, 1, t0 + TimeUnit.SECONDS.toNanos(36));
            assertTrue(ping.waitFor(90, TimeUnit.SECONDS), "ping did not end");
            double end = now();
            return new Renewal(qmBefore, mmBoth, qmBoth, mmAfter, ikd.ikdctl("show", "qm"), PingRun.parse(Files.readString(out)),
                    start, end);
        } finally {
            if (ping.isAlive()) ping.destroyForcibly();
        }
    }

    /** {@code show mm} until it lists {@code count} SAs or {@code deadline} passes; the last answer. */
    private static String pollShowMm(IkdNode ikd, int count, long deadline) {
        String last = "";
        while (System.nanoTime() < deadline) {
            last = ikd.ikdctl("show", "mm");
            Matcher m = MM_COUNT.matcher(last);
            if (m.find() && Integer.parseInt(m.group(1)) == count) return last;
            IkdNode.sleep(300);
        }
        return last;
    }

    private static void assertRenewed(Renewal r, IkdNode ikd) {
        String logs = ikd.oakleyLog();
        assertTrue(r.mmBoth().contains("Main Mode SAs: 2"), "the new ISAKMP SA beside the old:\n" + r.mmBoth() + logs);
        assertTrue(r.mmAfter().contains("Main Mode SAs: 1"), "then the new one only:\n" + r.mmAfter() + logs);
        List<String> spisBefore = spis(r.qmBefore(), 1);
        assertEquals(spisBefore, spis(r.qmBoth(), 1), "the Quick Mode pair is untouched by the renewal:\n" + r.qmBoth());
        assertTrue(spisBefore.size() == 2, r.qmBefore());
        String newMm = firstColumn(r.mmAfter());
        assertTrue(r.qmEnd().lines().anyMatch(l -> l.trim().split("\\s+").length > 2 && !l.trim().startsWith("1 ")
                        && l.trim().split("\\s+")[1].equals(newMm)),
                "the next Quick Mode rekey ran on the new ISAKMP SA #" + newMm + ":\n" + r.qmEnd() + logs);
        RekeyLoss loss = RekeyLoss.of(r.ping(), logs, r.from(), r.to());
        int nearRenewal = lostNear(r.ping(), times(logs, "new Main Mode #", "Phase 1 SA", "superseded"));
        assertTrue(nearRenewal <= 1, "lost " + nearRenewal + " pings within 1 s of the ISAKMP renewal: " + r.ping().gaps() + "\n" + logs);
        assertTrue(loss.worst() <= 1, "lost " + java.util.Arrays.toString(loss.perRekey()) + " around the Quick Mode rekey");
        assertTrue(r.ping().lost() <= r.ping().transmitted() / 50, "lost " + r.ping().lost() + ": " + r.ping().gaps());
    }

    private static void report(String what, Renewal r, String oakley) {
        RekeyLoss loss = RekeyLoss.of(r.ping(), oakley, r.from(), r.to());
        System.out.printf("%s: %d pings in %.1f s, %d lost: %d within 1 s of the ISAKMP renewal/deletion, per QM rekey %s;"
                        + " gaps %s%n", what, r.ping().transmitted(), r.to() - r.from(), r.ping().lost(),
                lostNear(r.ping(), times(oakley, "new Main Mode #", "Phase 1 SA", "superseded")),
                java.util.Arrays.toString(loss.perRekey()), r.ping().gaps());
        System.out.println(r.qmBefore() + r.mmBoth() + r.mmAfter() + r.qmEnd());
        System.out.println(lines(oakley, "Phase 1", "Phase 2", "Main Mode #", "superseded"));
    }

    private static int lostNear(PingRun ping, List<Double> times) {
        int lost = 0;
        for (PingRun.Gap g : ping.gaps())
            if (times.stream().anyMatch(t -> Math.abs(g.afterEpochSeconds() - t) <= 1.0)) lost += g.lost();
        return lost;
    }

    /** The times (epoch seconds) of the Oakley log lines that contain any of {@code words}. */
    private static List<Double> times(String oakley, String... words) {
        List<Double> out = new ArrayList<>();
        for (String l : oakley.lines().toList()) {
            Matcher m = STAMPED.matcher(l);
            if (m.find() && List.of(words).stream().anyMatch(l::contains))
                out.add(LocalDateTime.parse(m.group(1), STAMP).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli() / 1000.0);
        }
        return out;
    }

    /** The outbound and inbound SPIs of Quick Mode pair {@code id} in {@code show qm}. */
    private static List<String> spis(String showQm, int id) {
        for (String l : showQm.lines().toList()) {
            String[] f = l.trim().split("\\s+");
            if (f.length > 10 && f[0].equals(String.valueOf(id))) {
                List<String> hex = new ArrayList<>();
                for (String w : f) if (w.matches("[0-9a-f]{8}")) hex.add(w);
                return hex;
            }
        }
        return List.of();
    }

    private static String firstColumn(String table) {
        for (String l : table.lines().toList()) {
            String[] f = l.trim().split("\\s+");
            if (f.length > 3 && f[0].matches("\\d+")) return f[0];
        }
        return "?";
    }

    private static int oakleyMainModes(IkdNode ikd) {
        String stats = ikd.ikdctl("show", "stats");
        Matcher m = OAKLEY_MAIN_MODES.matcher(stats);
        assertTrue(m.find(), stats);
        return Integer.parseInt(m.group(1));
    }

    private static void warmUp(Netns ns, String from, String to) {
        Command.Result r = ns.exec(30, "ping", "-c", "3", "-W", "5", "-I", from, to);
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    private static String lines(String log, String... words) {
        StringBuilder b = new StringBuilder();
        log.lines().filter(l -> List.of(words).stream().anyMatch(l::contains)).forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }

    /** ESP transport between two hosts with {@code mainMode} lines in [main-mode]; Quick Mode SAs live {@code qmLifetime}. */
    static String policy(String me, String peer, String mainMode, String qmLifetime) {
        return PolicyToml.named("it-isakmp-renewal", me).mainMode(PolicyToml.MAIN_MODE, mainMode)
                .filterList("peer", PolicyToml.peerOf(peer))
                .negotiate("esp", "esp = \"aes128gcm16\", lifetime = \"" + qmLifetime + "\"")
                .pskRule("peer", "peer", "esp").render();
    }

    static String policy(String me, String peer, String mainMode) {
        return policy(me, peer, mainMode, "36s");
    }
}
