package org.ikd.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.ikd.it.hostile.Counters;
import org.ikd.it.hostile.HostilePolicies;
import org.ikd.it.hostile.Pings;
import org.ikd.it.lab.IkdNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lossy link between two daemons ({@link LossyWire}: netem's loss, duplication and
 * reordering, done in userspace because sch_netem is missing from this CI's kernel), in three
 * phases on one pair of daemons:
 * <ol>
 * <li>negotiation under 15 % loss, 10 % duplication and 25 % reordering (held back 5 ms): Main
 *     Mode and Quick Mode complete through retransmission (RetransmitPolicy.DEFAULT: 1 s, doubling);
 * <li>traffic under reordering only (30 % held back 3 ms, pings every 2 ms): the replay window
 *     takes every out-of-order packet; no ping lost, no replay counted;
 * <li>traffic under 20 % duplication: every ping answered once, the duplicates counted as replays.
 * </ol>
 * What was lost: nothing but the frames the wire itself dropped.
 */
class LossyLinkIT {
    @TempDir
    Path dir;

    @BeforeEach
    void needsRootAndPython() {
        assumeTrue(Pings.isRoot(), "needs root (namespaces, TUN, raw sockets)");
        assumeTrue(Pings.available("ping", "python3", "sysctl"), "needs ping, python3 and sysctl (.ci/run installs them)");
    }

    @Test
    void negotiationCompletesUnderLossAndTheReplayWindowTakesReorderedTrafficAndCountsDuplicates() {
        try (LossyWire wire = LossyWire.create("ikd-hd-lw", dir.resolve("wire"));
             IkdNode a = IkdNode.start(wire.a, dir.resolve("a"), HostilePolicies.transport(LossyWire.A, LossyWire.B, "aes128gcm16"));
             IkdNode b = IkdNode.start(wire.b, dir.resolve("b"), HostilePolicies.transport(LossyWire.B, LossyWire.A, "aes128gcm16"))) {
            wire.impair(15, 10, 25, 5);
            double seconds = Pings.firstAnswer(wire.a, LossyWire.A, LossyWire.B, 40);
            assertTrue(seconds >= 0, "no SA under 15 % loss within 40 s:\n" + a.oakleyLog());

            wire.impair(0, 0, 30, 3);
            Counters before = Counters.of(b);
            Pings.Reply reordered = Pings.ping(wire.a, 300, "0.002", LossyWire.A, LossyWire.B);
            Counters after = Counters.of(b);
            assertTrue(reordered.all(), "reordering within the window loses nothing:\n" + reordered.text());
            assertEquals(0, after.since(before, "numPacketsWithReplayDetection"), "a reordered packet is no replay:\n" + after.json());

            wire.impair(0, 20, 0, 0);
            before = Counters.of(b);
            Pings.Reply duplicated = Pings.ping(wire.a, 200, "0.005", LossyWire.A, LossyWire.B);
            after = Counters.of(b);
            long replays = after.since(before, "numPacketsWithReplayDetection");
            String wireCounts = wire.stopBridge();
            assertTrue(duplicated.all(), duplicated.text());
            assertTrue(replays > 0 && !duplicated.text().contains("duplicates"), "B drops ESP duplicates as replays (" + replays
                    + "), so ping sees none:\n" + duplicated.text());
            System.out.printf("lossy link: SA under 15%% loss/10%% dup/25%% reorder after %.1f s; reorder 30%%/3 ms: %d/%d pings,"
                    + " 0 replays; duplicate 20%%: %d/%d pings, %d ESP replays dropped at B; wire: %s%n",
                    seconds, reordered.received(), reordered.sent(), duplicated.received(), duplicated.sent(), replays, wireCounts);
        }
    }
}
