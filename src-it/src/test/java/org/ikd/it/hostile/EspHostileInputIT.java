package org.ikd.it.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile ESP through the real daemon B: a forger in A's namespace (esp_forger.py) captures one
 * ESP packet of a protected ping and sends B replays of it, copies with a flipped bit, unknown
 * SPIs, truncated and oversized packets. Each must be dropped and counted under its reason
 * (ikdctl show stats: IPSEC_STATISTICS and the drop reasons), and B must still carry traffic.
 */
class EspHostileInputIT {
    private static final int REPLAYS = 200;
    private static final int FLIPS = 50;
    private static final int BAD_SPIS = 50;
    private static final String[] REASONS = {"malformed", "replay", "authentication-failed", "bad-spi", "decryption-failed",
        "too-big", "fragment", "unsupported", "not-ipsec", "selector-mismatch", "bundle-mismatch"};

    @TempDir
    Path dir;

    @BeforeEach
    void needsRootAndPython() {
        assumeTrue(Pings.isRoot(), "needs root (namespaces, TUN, raw sockets)");
        assumeTrue(Pings.available("ping", "python3"), "needs ping and python3 (.ci/run installs them)");
    }

    @Test
    void replayedForgedTruncatedAndOversizedEspIsDroppedAndCountedAndTrafficGoesOn() {
        try (TwoHosts lab = TwoHosts.create("ikd-hd-es");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), HostilePolicies.transport(TwoHosts.A, TwoHosts.B, "aes128-sha256"));
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), HostilePolicies.transport(TwoHosts.B, TwoHosts.A, "aes128-sha256"))) {
            Pings.establish(lab.a, TwoHosts.A, TwoHosts.B);
            Counters before = Counters.of(b);
            String sent = PacketScript.run(lab.a, dir, 90, "esp_forger.py", TwoHosts.LINK, TwoHosts.A, TwoHosts.B,
                    PacketScript.mac(lab.b, TwoHosts.LINK), Integer.toString(REPLAYS), Integer.toString(FLIPS), Integer.toString(BAD_SPIS));
            Map<String, Long> n = numbers(sent);
            IkdNode.sleep(1000);
            Counters after = Counters.of(b);

            assertTrue(b.isAlive(), b.output());
            assertEquals(REPLAYS, after.since(before, "numPacketsWithReplayDetection"), "every replay dropped and counted:\n" + after.json());
            assertEquals(BAD_SPIS, after.since(before, "numBadSpiPackets"), "every unknown SPI counted:\n" + after.json());
            assertTrue(after.since(before, "numPacketsNotAuthenticated") >= FLIPS, "every flipped bit fails the ICV:\n" + after.json());
            long forged = n.get("replays") + n.get("flips") + n.get("badspi") + n.get("truncated") + n.get("oversized");
            Map<String, Long> drops = new TreeMap<>();
            long dropped = 0;
            for (String r : REASONS) {
                long d = after.since(before, r);
                if (d != 0) drops.put(r, d);
                dropped += d;
            }
            assertEquals(forged, dropped, "each forged packet dropped once, under a reason: " + drops + " for " + sent);

            Pings.Reply still = Pings.ping(lab.a, 5, "0.2", TwoHosts.A, TwoHosts.B);
            assertTrue(still.all(), "B must still carry traffic:\n" + still.text());
            System.out.printf("esp hostile: sent %s; B dropped %s; replay %d, ICV %d, bad SPI %d; ping after: %d/%d%n", sent, drops,
                    after.since(before, "numPacketsWithReplayDetection"), after.since(before, "numPacketsNotAuthenticated"),
                    after.since(before, "numBadSpiPackets"), still.received(), still.sent());
        }
    }

    private static Map<String, Long> numbers(String line) {
        Map<String, Long> out = new TreeMap<>();
        Matcher m = Pattern.compile("(\\w+)=(\\d+)\\b").matcher(line);
        while (m.find()) out.put(m.group(1), Long.parseLong(m.group(2)));
        return out;
    }
}
