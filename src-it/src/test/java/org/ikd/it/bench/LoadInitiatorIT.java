package org.ikd.it.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load initiator of {@code scripts/bench setup-rate} against a real ikd: five peers from
 * 198.18.16.1-5 at once, two Quick Modes each; ikd must report ten SA pairs installed, and the
 * initiator five setups without a failure (about 15 s, most of it ikd's start).
 */
class LoadInitiatorIT {
    @TempDir
    Path dir;

    static String responderPolicy() {
        return """
            name = "it-rate"
            local-addresses = ["%s"]

            [main-mode]
            methods = ["aes128-sha256-modp2048", "3des-sha1-modp1024"]

            [filter-lists.peers]
            filters = [ { source = "me", destination = "198.18.16.0/20" } ]

            [filter-actions.esp]
            action = "negotiate"
            methods = [ { esp = "aes128-sha1" }, { esp = "3des-sha1" } ]

            [[rules]]
            name = "peers"
            filter-list = "peers"
            filter-action = "esp"
            authentication = [ { psk-file = "it.psk" } ]
            """.formatted(TwoHosts.B);
    }

    @Test
    void fivePeersAtOnceEachGetTwoSaPairsFromIkd() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (namespaces, TUN, raw sockets)");
        try (TwoHosts lab = TwoHosts.create("ikd-if-lo");
             IkdNode ikd = IkdNode.start(lab.b, dir.resolve("b"), responderPolicy())) {
            for (int i = 1; i <= 5; i++) lab.a.ip("addr", "add", "198.18.16." + i + "/32", "dev", TwoHosts.LINK);
            lab.b.ip("route", "add", "198.18.16.0/20", "via", TwoHosts.A, "dev", TwoHosts.LINK);
            Path psk = dir.resolve("psk");
            Files.writeString(psk, IkdNode.PSK + "\n");
            List<String> argv = new ArrayList<>(lab.a.execPrefix());
            argv.addAll(List.of("java", "-Dlogback.configurationFile=" + IkdNode.root().resolve("conf/logback-tools.xml"),
                    "-cp", System.getProperty("java.class.path"), LoadInitiator.class.getName(),
                    "--responder", TwoHosts.B, "--first-source", "198.18.16.1", "--counts", "5", "--quick-modes", "2",
                    "--proposal", "3des-sha1-modp1024", "--psk-file", psk.toString(), "--timeout-seconds", "40"));
            Command.Result r = Command.run(argv, 90);
            String json = r.stdout();
            assertTrue(json.contains("\"established\": 5"), json + r.stderr() + ikd.output());
            assertTrue(json.contains("\"failed\": 0") && json.contains("\"timed_out\": 0"), json);
            Matcher rate = Pattern.compile("\"setups_per_second\": ([0-9.]+)").matcher(json);
            assertTrue(rate.find() && Double.parseDouble(rate.group(1)) > 0, json);
            String oakley = awaitPairs(ikd, 10);
            assertEquals(10, count(oakley, "-> installed"), oakley);
            assertEquals(5, count(oakley, "MM Phase 1 SA established"), oakley);
        }
    }

    /** The Oakley log once it shows {@code n} installed pairs (the last QM#3 may still be on its way), at most 10 s. */
    private static String awaitPairs(IkdNode ikd, int n) throws InterruptedException {
        String log = ikd.oakleyLog();
        for (int i = 0; i < 100 && count(log, "-> installed") < n; i++) {
            Thread.sleep(100);
            log = ikd.oakleyLog();
        }
        return log;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) n++;
        return n;
    }
}
