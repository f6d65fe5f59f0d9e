package org.ikd.it.hostile;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Main Mode flood at daemon B: FLOOD first messages (mm_flood.py), each from its own address
 * in 198.18.64.0/18 with an offer B accepts, at RATE per second. B's policy covers the flood's
 * addresses (198.18.0.0/17): the worst case, every message costs a half-open SA. B routes its
 * answers to them to A, whose kernel drops them. Once the flood has filled B's half-open table,
 * A starts its Main Mode to B. Checked: the half-open limit (IkeConfig.DEFAULT, 1000) holds,
 * what exceeds it is counted (Receive Failures: at the limit the oldest half-open SA gives way),
 * B's memory stays bounded, and A establishes within 5 s while the flood still runs.
 */
class MainModeFloodIT {
    /** The kernel's UDP counters in {@code ns} (/proc/net/snmp): datagrams received and dropped for a full socket buffer. */
    static long udp(org.ikd.it.lab.Netns ns, String counter) {
        String[] lines = ns.exec(10, "cat", "/proc/net/snmp").stdout().lines().filter(l -> l.startsWith("Udp:")).toArray(String[]::new);
        String[] names = lines[0].split("\\s+");
        String[] values = lines[1].split("\\s+");
        for (int i = 1; i < names.length; i++) if (names[i].equals(counter)) return Long.parseLong(values[i]);
        throw new IllegalStateException("no UDP counter " + counter);
    }

    private static final int FLOOD = 6000;
    private static final int RATE = 500;
    private static final int HALF_OPEN_LIMIT = 1000;

    @TempDir
    Path dir;

    @BeforeEach
    void needsRootAndPython() {
        assumeTrue(Pings.isRoot(), "needs root (namespaces, TUN, raw sockets)");
        assumeTrue(Pings.available("ping", "python3"), "needs ping and python3 (.ci/run installs them)");
    }

    @Test
    void theHalfOpenLimitHoldsMemoryStaysBoundedAndALegitimatePeerStillEstablishes() throws Exception {
        try (TwoHosts lab = TwoHosts.create("ikd-hd-fl");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), HostilePolicies.transport(TwoHosts.A, TwoHosts.B, "aes128gcm16"));
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), HostilePolicies.transportTo(TwoHosts.B, "198.18.0.0/17", "aes128gcm16"))) {
            lab.b.ip("route", "add", "198.18.64.0/18", "via", TwoHosts.A);
            long[] rssBefore = b.residentKib();
            Counters before = Counters.of(b);
            long udpBefore = udp(lab.b, "InDatagrams");
            String mac = PacketScript.mac(lab.b, TwoHosts.LINK);
            CompletableFuture<String> flood = CompletableFuture.supplyAsync(() -> PacketScript.run(lab.a, dir, 60, "mm_flood.py",
                    TwoHosts.LINK, TwoHosts.B, mac, Integer.toString(FLOOD), Integer.toString(RATE)));
            IkdNode.sleep(1000L * HALF_OPEN_LIMIT / RATE + 500);      // the table is full by now (if B keeps up)
            long fillingHalfOpen = Counters.of(b).get("activeReceive");
            // A's Main Mode to B competes with the flood for B's half-open table (at the limit the oldest gives way).
            double seconds = Pings.firstAnswer(lab.a, TwoHosts.A, TwoHosts.B, 5);
            boolean floodStillRunning = !flood.isDone();
            long[] rssDuring = b.residentKib();
            String sent = flood.get(60, TimeUnit.SECONDS).strip();
            IkdNode.sleep(500);
            Counters after = Counters.of(b);
            long[] rssAfter = b.residentKib();

            long received = udp(lab.b, "InDatagrams") - udpBefore;
            long socketDrops = udp(lab.b, "RcvbufErrors");
            long refused = after.since(before, "receiveFail");
            long halfOpen = after.get("activeReceive");
            String figures = String.format("flood %s at %d/s; B's IKE socket took %d datagrams (kernel dropped %d: socket buffer full);"
                    + " half-open %d (limit %d; %d while filling), given up at the limit %d; A -> B first ping after %.1f s"
                    + " (flood still running: %s); B RSS %d -> %d -> %d MiB (peak %d MiB)",
                    sent, RATE, received, socketDrops, halfOpen, HALF_OPEN_LIMIT, fillingHalfOpen, refused, seconds, floodStillRunning,
                    rssBefore[0] / 1024, rssDuring[0] / 1024, rssAfter[0] / 1024, rssAfter[1] / 1024);
            System.out.println("main mode flood: " + figures);
            assertTrue(b.isAlive(), b.output());
            assertTrue(halfOpen <= HALF_OPEN_LIMIT && fillingHalfOpen <= HALF_OPEN_LIMIT, figures);
            if (received > HALF_OPEN_LIMIT + 20)
                assertTrue(refused >= received - HALF_OPEN_LIMIT - 20, "what exceeds the limit is counted: " + figures);
            assertTrue(rssAfter[1] - rssBefore[0] < 256 * 1024, "B's memory grew by more than 256 MiB: " + figures);
            assertTrue(seconds >= 0, "A must establish with B within 5 pings, one a second, during the flood: " + figures);
            assertTrue(floodStillRunning, "the Main Mode must complete while the flood still runs: " + figures);
        }
    }
}
