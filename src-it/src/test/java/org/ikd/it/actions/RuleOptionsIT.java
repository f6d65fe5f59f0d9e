package org.ikd.it.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongPredicate;
import org.ikd.it.hostile.Counters;
import org.ikd.it.hostile.Pings;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Netns;
import org.ikd.it.lab.PolicyToml;
import org.ikd.it.lab.TwoHosts;
import org.ikd.it.lab.WireCapture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: a rule's {@code replay-window} and {@code nat-traversal} change what the daemons do.
 * A replayer in A's namespace (esp_replay.py) captures one ESP packet of a ping to B and sends it
 * to B again, byte for byte; B's rule decides whether the copies reach B's stack. A capture on the
 * link shows whether Main Mode carried NAT-D and ESP went in UDP.
 */
class RuleOptionsIT {
    private static final int REPLAYS = 20;
    /** An IPv4 echo request of ping's default size: 20 (IP, RFC 791) + 8 (ICMP, RFC 792) + 56 data bytes. */
    private static final int PING_BYTES = 84;
    /** MD5 of "RFC 3947" (RFC 3947 §3.1) and of the drafts' names, as ike-scan lists them. */
    private static final List<String> NAT_T_VENDOR_IDS = List.of("4a131c81070358455c5728f20e95452f",
            "90cb80913ebb696e086381b5ec427b1f", "cd60464335df21f87cfdb2fc68b6a448", "7d9419a65310ca6f2c179d9215529d56");

    @TempDir
    Path dir;

    @BeforeEach
    void needsRootAndTools() {
        assumeTrue(Pings.isRoot(), "needs root (namespaces, TUN, raw sockets)");
        assumeTrue(Pings.available("ping", "python3", "tshark"), "needs ping, python3 and tshark (.ci/run installs them)");
    }

    /** ESP transport mode between {@code me} and {@code peer}, rule "peer" with {@code ruleLines}. */
    private static String policy(String me, String peer, String... ruleLines) {
        return PolicyToml.named("it-options", me).mainMode(PolicyToml.MAIN_MODE).filterList("peer", PolicyToml.peerOf(peer))
                .negotiate("esp", "esp = \"aes128-sha256\"").pskRule("peer", "peer", "esp", ruleLines).render();
    }

    @Test
    void replayWindowZeroDeliversEveryReplayedCopy() throws Exception {
        try (TwoHosts lab = TwoHosts.create("iko-rw0");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), policy(TwoHosts.A, TwoHosts.B));
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), policy(TwoHosts.B, TwoHosts.A, "replay-window = 0"))) {
            Counters before = captureThenCount(lab, b);
            replay(lab.a);
            Counters after = await(b, before, "transportBytesReceived", n -> n >= REPLAYS * PING_BYTES);
            assertEquals(REPLAYS * PING_BYTES, after.since(before, "transportBytesReceived"),
                    "each copy delivered once, 84 bytes each:\n" + after.json());
            assertEquals(0, after.since(before, "numPacketsWithReplayDetection"), after.json());
            assertEquals(0, after.since(before, "replay"), after.json());
            assertTrue(a.isAlive() && b.isAlive());
        }
    }

    @Test
    void theDefaultWindowDropsAndCountsEveryReplayedCopy() throws Exception {
        try (TwoHosts lab = TwoHosts.create("iko-rw64");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), policy(TwoHosts.A, TwoHosts.B));
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), policy(TwoHosts.B, TwoHosts.A))) {
            Counters before = captureThenCount(lab, b);
            replay(lab.a);
            Counters after = await(b, before, "numPacketsWithReplayDetection", n -> n >= REPLAYS);
            assertEquals(REPLAYS, after.since(before, "numPacketsWithReplayDetection"), after.json());
            assertEquals(REPLAYS, after.since(before, "replay"), "dropped under the reason replay:\n" + after.json());
            assertEquals(0, after.since(before, "transportBytesReceived"), "no copy delivered:\n" + after.json());
            assertTrue(a.isAlive() && b.isAlive());
        }
    }

    /**
     * B's rule forces UDP encapsulation, A's says {@code off}: A announces no NAT-T, so neither side
     * sends NAT-D (RFC 3947 §3.1-3.2) and ESP stays on protocol 50. The control: with A on
     * {@code auto}, B's forcing shows (NAT-D payloads, ESP in UDP 4500), so the capture can tell.
     */
    @Test
    void natTraversalOffSendsNoNatDAndKeepsEspRawWhereThePeerForces() throws Exception {
        Wire off = negotiate("iko-nat0", "nat-traversal = \"off\"");
        assertFalse(off.natD, "no NAT-D payload (20 or 130) in Main Mode: " + off.ike);
        assertFalse(off.natTVendorId, "no NAT-T vendor ID: " + off.ike);
        assertTrue(off.rawEsp > 0 && off.udpEsp == 0, off.rawEsp + " ESP packets on protocol 50, " + off.udpEsp + " in UDP 4500");

        Wire auto = negotiate("iko-nat1", "nat-traversal = \"auto\"");
        assertTrue(auto.natD, "the control: B's forced NAT-D: " + auto.ike);
        assertTrue(auto.udpEsp > 0 && auto.rawEsp == 0, auto.rawEsp + " ESP packets on protocol 50, " + auto.udpEsp + " in UDP 4500");
    }

    private record Wire(boolean natD, boolean natTVendorId, long rawEsp, long udpEsp, String ike) {}

    private Wire negotiate(String prefix, String aNatTraversal) throws Exception {
        Path d = dir.resolve(prefix);
        try (TwoHosts lab = TwoHosts.create(prefix);
             WireCapture wire = WireCapture.start(lab.a, TwoHosts.LINK, d.resolve("wire"));
             IkdNode a = IkdNode.start(lab.a, d.resolve("a"), policy(TwoHosts.A, TwoHosts.B, aNatTraversal));
             IkdNode b = IkdNode.start(lab.b, d.resolve("b"), policy(TwoHosts.B, TwoHosts.A, "nat-traversal = \"force\""))) {
            Pings.establish(lab.a, TwoHosts.A, TwoHosts.B);
            Pings.Reply r = Pings.ping(lab.a, 5, "0.2", TwoHosts.A, TwoHosts.B);
            assertTrue(r.all(), r.text());
            List<String[]> ike = wire.rows(null, "isakmp", "udp.dstport", "isakmp.typepayload", "isakmp.vid_bytes");
            List<WireCapture.Packet> packets = wire.stop();
            boolean natD = ike.stream().anyMatch(row -> Arrays.asList(row[1].split(",")).stream().anyMatch(t -> t.equals("20") || t.equals("130")));
            boolean vid = ike.stream().anyMatch(row -> NAT_T_VENDOR_IDS.stream().anyMatch(row[2]::contains));
            long raw = packets.stream().filter(p -> p.protocol() == 50).count();
            long udp = packets.stream().filter(p -> p.protocol() == 17 && p.udpPort() == 4500 && p.length() > 100).count();
            StringBuilder text = new StringBuilder();
            ike.forEach(row -> text.append(String.join(" ", row)).append('\n'));
            return new Wire(natD, vid, raw, udp, text.toString());
        }
    }

    /** Establishes the SAs, captures one ESP packet A sends B; B's counters once that ping has ended. */
    private Counters captureThenCount(TwoHosts lab, IkdNode b) throws IOException {
        Pings.establish(lab.a, TwoHosts.A, TwoHosts.B);
        String captured = script(lab.a, "capture", TwoHosts.LINK, TwoHosts.A, TwoHosts.B, dir.resolve("frame.hex").toString());
        assertTrue(captured.contains("captured"), captured);
        return Counters.of(b);
    }

    private void replay(Netns a) throws IOException {
        String sent = script(a, "replay", TwoHosts.LINK, dir.resolve("frame.hex").toString(), Integer.toString(REPLAYS));
        assertTrue(sent.contains("replays=" + REPLAYS), sent);
    }

    /** B's counters once {@code name} has grown as {@code enough} wants (10 s at most). */
    private static Counters await(IkdNode b, Counters before, String name, LongPredicate enough) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            Counters now = Counters.of(b);
            if (enough.test(now.since(before, name)) || System.nanoTime() > deadline) return now;
            IkdNode.sleep(100);
        }
    }

    private String script(Netns ns, String... args) throws IOException {
        Path script = dir.resolve("esp_replay.py");
        try (InputStream in = RuleOptionsIT.class.getResourceAsStream("esp_replay.py")) {
            Files.write(script, in.readAllBytes());
        }
        String[] argv = new String[args.length + 2];
        argv[0] = "python3";
        argv[1] = script.toString();
        System.arraycopy(args, 0, argv, 2, args.length);
        Command.Result r = ns.exec(60, argv);
        if (r.exitCode() != 0) throw new IllegalStateException("esp_replay.py " + args[0] + " exited " + r.exitCode() + ":\n" + r.stdout() + r.stderr());
        return r.stdout();
    }
}
