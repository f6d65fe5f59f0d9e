package org.ikd.it.rekey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ikd.it.lab.Charon;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Iperf;
import org.ikd.it.lab.PolicyToml;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 part 2: charon initiates (ikd is the Main Mode responder) and 100 MiB go through a
 * tunnel whose Quick Mode SAs live 20,000 KB. charon ignores byte lifetimes, so only ikd can renew
 * the pairs in time; before, an ikd responder waited half the time margin on a soft byte crossing
 * and the pair reached its hard byte limit mid-transfer. The count of rekeys follows from the
 * sizes alone: no pair carries more than 20,480,000 bytes (RFC 2407 §4.5: kilobytes of 1024), so
 * 104,857,600 bytes of TCP payload need at least 6 pairs, 5 renewals, each started at the soft
 * limit, none ended by the hard one.
 */
class ResponderByteRekeyIT {
    private static final long LIFETIME_KB = 20_000;
    private static final long TRANSFER = 100L * 1024 * 1024;          // iperf3 -n 100M
    private static final Pattern KEY_UPDATES = Pattern.compile("Key Updates\\s+(\\d+)");

    @TempDir
    Path dir;

    @BeforeEach
    void needsRootAndTools() throws Exception {
        assumeTrue(Iperf.isRoot(), "needs root");
        assumeTrue(Command.available("iperf3"), "needs iperf3");
        assumeTrue(Charon.installed(), "strongSwan is not installed (.ci/run installs it)");
    }

    @Test
    void charonInitiates100MbThroughA20MbSaWithoutHardExpiry() throws Exception {
        String charonConf = RekeyPeers.charon(TwoHosts.B, TwoHosts.A, TwoHosts.NET_B, TwoHosts.NET_A, "aes128gcm16",
                IkdNode.PSK, "50m", "60m", "4h");
        String policy = PolicyToml.tunnelWith("it-rekey-bytes", TwoHosts.A, TwoHosts.B, TwoHosts.NET_A, TwoHosts.NET_B,
                PolicyToml.MAIN_MODE, "esp = \"aes128gcm16\", lifetime = \"60m\", lifetime-kb = " + LIFETIME_KB,
                "nat-traversal = \"force\"");
        try (TwoHosts lab = TwoHosts.create("ikk-rb-cs");
             IkdNode ikd = IkdNode.start(lab.a, dir.resolve("ikd"), policy);
             Charon charon = Charon.start(lab.b, dir.resolve("charon"), charonConf)) {
            charon.swanctl("--initiate", "--child", "net");               // charon keys the Main Mode: ikd responds
            assertTrue(ikd.oakleyLog().contains("Phase 2 SA pair"), ikd.oakleyLog());
            int before = keyUpdates(ikd);
            String tcp = transfer(lab, dir.resolve("traffic"));
            String oakley = ikd.oakleyLog();
            String output = ikd.output();
            String stats = ikd.ikdctl("show", "stats");
            int renewals = count(output, "SOFT_LIFETIME_BYTES -> new Quick Mode");
            String charonLog = charon.log();
            System.out.printf("charon -> ikd, 100 MiB through %d KB SAs: %s; ikd renewals on soft bytes %d, Key Updates +%d,"
                            + " charon 'detected rekeying' %d%n", LIFETIME_KB, receiverLine(tcp), renewals,
                    keyUpdates(ikd) - before, count(charonLog, "detected rekeying of CHILD_SA"));
            System.out.println(lines(oakley, "Phase 2 SA pair"));
            long minimum = TRANSFER / (LIFETIME_KB * 1024);                   // pairs filled past their hard limit otherwise
            assertTrue(renewals >= minimum, "ikd renewed " + renewals + " times on soft bytes (at least " + minimum
                    + " expected):\n" + lines(output, "SA pair") + lines(oakley, "Phase 2"));
            assertFalse(oakley.contains("hard lifetime reached"), "a pair reached its hard limit:\n" + lines(oakley, "Phase 2"));
            assertFalse(stats.contains("sa-expired"), "packets dropped on an expired SA:\n" + stats);
            assertTrue(keyUpdates(ikd) - before >= minimum, stats);
        }
    }

    /** A one-shot iperf3 server at ikd's inner address; the client beside charon sends 100 MiB at most at 80 Mbit/s. */
    private static String transfer(TwoHosts lab, Path out) throws Exception {
        Files.createDirectories(out);
        List<String> argv = new ArrayList<>(lab.a.execPrefix());
        argv.addAll(List.of("iperf3", "-s", "-1", "-B", TwoHosts.INNER_A, "-p", "5212"));
        Process s = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.resolve("iperf3-server.out").toFile()).start();
        try {
            Command.Result r = null;
            for (int attempt = 0; attempt < 10; attempt++) {              // the one-shot server may not listen yet
                IkdNode.sleep(300);
                r = lab.b.exec(90, "iperf3", "-c", TwoHosts.INNER_A, "-B", TwoHosts.INNER_B, "-p", "5212", "-n", "100M", "-b", "80M");
                if (r.exitCode() == 0 || !(r.stdout() + r.stderr()).contains("connect")) break;
            }
            assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
            return r.stdout();
        } finally {
            s.destroy();
            if (!s.waitFor(5, TimeUnit.SECONDS)) s.destroyForcibly();
        }
    }

    private static int keyUpdates(IkdNode ikd) {
        String stats = ikd.ikdctl("show", "stats");
        Matcher m = KEY_UPDATES.matcher(stats);
        assertTrue(m.find(), stats);
        return Integer.parseInt(m.group(1));
    }

    private static int count(String text, String what) {
        return text.split(Pattern.quote(what), -1).length - 1;
    }

    private static String receiverLine(String iperf) {
        return iperf.lines().filter(l -> l.contains("receiver")).findFirst().orElse("no iperf3 receiver line");
    }

    private static String lines(String log, String word) {
        StringBuilder b = new StringBuilder();
        log.lines().filter(l -> l.contains(word)).forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }
}
