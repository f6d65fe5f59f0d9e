package org.ikd.it.rekey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.ikd.daemon.control.ControlClient;
import org.ikd.daemon.control.ControlRequest;
import org.ikd.daemon.control.Outcome;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Netns;

/**
 * Issue 7, rekey collisions: both ikd peers start a Quick Mode for the same traffic at the same
 * instant ({@code initiate} on both control sockets, released by one barrier) under a ping every
 * 10 ms. Both must keep the same one of the two new pairs (the other holds the lowest SPI) and
 * delete the other. Run by {@link IsakmpRenewalIT} on its ikd pair, to spare a second lab.
 */
final class RekeyCollision {
    private RekeyCollision() {}

    /** What was measured: pings sent and lost. */
    record Result(int transmitted, int lost, String gaps) {}

    static Result check(Netns nsA, String from, String to, IkdNode a, IkdNode b, Path dirA, Path dirB, Path work) throws Exception {
        List<String> before = inboundSpis(a.ikdctl("show", "qm"));
        Path out = Files.createDirectories(work).resolve("collision-ping.out");
        List<String> argv = new ArrayList<>(nsA.execPrefix());
        argv.addAll(List.of("ping", "-D", "-i", "0.01", "-c", "9999", "-w", "6", "-W", "1", "-I", from, to));
        Process ping = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            IkdNode.sleep(1000);
            initiateAtOnce(dirA.resolve("ikd.sock"), dirB.resolve("ikd.sock"));
            assertTrue(ping.waitFor(60, TimeUnit.SECONDS), "ping did not end");
        } finally {
            if (ping.isAlive()) ping.destroyForcibly();
        }
        PingRun run = PingRun.parse(Files.readString(out));
        String qmA = a.ikdctl("show", "qm");
        String qmB = b.ikdctl("show", "qm");
        String logs = a.oakleyLog() + "\n" + b.oakleyLog();
        System.out.printf("rekey collision: %d pings, %d lost, gaps %s%n%s%s%s%n", run.transmitted(), run.lost(), run.gaps(),
                qmA, qmB, lines(logs, "collision", "initiate"));
        List<String[]> newA = rowsNotIn(qmA, before, 0);
        List<String[]> newB = rowsNotIn(qmB, before, 1);
        assertTrue(logs.contains("rekey collision"), "the redundant pair was deleted as a collision:\n" + logs);
        assertEquals(1, newA.size(), "one of the two new pairs left on A:\n" + qmA + logs);
        assertEquals(1, newB.size(), "one of the two new pairs left on B:\n" + qmB + logs);
        assertEquals(hex(newA.get(0)).get(0), hex(newB.get(0)).get(1), "the same pair on both sides:\n" + qmA + qmB);
        assertEquals(hex(newA.get(0)).get(1), hex(newB.get(0)).get(0), "the same pair on both sides:\n" + qmA + qmB);
        assertTrue(run.lost() <= 1, "lost " + run.lost() + " pings: " + run.gaps());
        return new Result(run.transmitted(), run.lost(), run.gaps().toString());
    }

    /** {@code ikdctl initiate peer} on both daemons, the two requests released together. */
    private static void initiateAtOnce(Path socketA, Path socketB) throws Exception {
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Outcome>> done = new ArrayList<>();
            for (Path socket : List.of(socketA, socketB))
                done.add(pool.submit(() -> {
                    ControlClient c = new ControlClient(socket, Duration.ofSeconds(10));
                    together.await(10, TimeUnit.SECONDS);
                    return c.call(ControlRequest.initiate("peer"), Outcome.class);
                }));
            for (Future<Outcome> f : done) System.out.println(f.get(20, TimeUnit.SECONDS).message());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The SPIs in (A's view) of every pair in {@code show qm}. */
    private static List<String> inboundSpis(String showQm) {
        List<String> out = new ArrayList<>();
        for (String l : showQm.lines().toList()) {
            String[] f = l.trim().split("\\s+");
            if (f.length > 10 && f[0].matches("\\d+") && hex(f).size() >= 2) out.add(hex(f).get(0));
        }
        return out;
    }

    /** Rows whose SPI at {@code column} (0: in, 1: out) is not among A's inbound SPIs {@code before}. */
    private static List<String[]> rowsNotIn(String showQm, List<String> before, int column) {
        List<String[]> rows = new ArrayList<>();
        for (String l : showQm.lines().toList()) {
            String[] f = l.trim().split("\\s+");
            if (f.length > 10 && f[0].matches("\\d+") && hex(f).size() >= 2 && !before.contains(hex(f).get(column))) rows.add(f);
        }
        return rows;
    }

    private static List<String> hex(String[] row) {
        List<String> out = new ArrayList<>();
        for (String w : row) if (w.matches("[0-9a-f]{8}")) out.add(w);
        return out;
    }

    private static String lines(String log, String... words) {
        StringBuilder b = new StringBuilder();
        log.lines().filter(l -> List.of(words).stream().anyMatch(l::contains)).forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }
}
