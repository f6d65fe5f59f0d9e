package org.ikd.it.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ikd.daemon.control.ControlRequest;
import org.ikd.daemon.control.MainModeSaView;
import org.ikd.daemon.control.MainModeSas;
import org.ikd.daemon.control.QuickModeSaView;
import org.ikd.daemon.control.QuickModeSas;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.HubAndSpokes;
import org.ikd.it.lab.HubAndSpokes.Site;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Iperf;
import org.ikd.it.lab.Netns;
import org.ikd.it.lab.WireCapture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped conf/hub.toml and conf/spoke-1.toml ... spoke-3.toml on a {@link HubAndSpokes} lab,
 * each spoke with its own example pre-shared key ({@link ShippedHubAndSpokes}; issue 14, part 6;
 * docs/user-guide.md "Hub and spokes"):
 * <ol>
 * <li>the three spokes' LAN hosts ping the hub's LAN host at the same time, 3 of 3 each, the first
 *     ping included (it waits for Main and Quick Mode);
 * <li>the hub holds one Main Mode SA per spoke, under that spoke's rule, authenticated by
 *     pre-shared key: the three key files differ, and each rule has only its spoke's, so each
 *     spoke proved its own key; every Quick Mode SA with a spoke is under that spoke's rule;
 * <li>spoke 1's LAN host pings spoke 2's LAN host: it enters the hub as ESP on a pair of rule
 *     spoke-1 (filter "spoke 2 LAN -> spoke 1 LAN") and leaves it as ESP on a pair of rule spoke-2
 *     ("spoke 1 LAN -> spoke 2 LAN"): tshark sees their SPIs on the router's link to the hub, and
 *     the two pairs' counters show the 3 requests and the 3 replies in and out;
 * <li>spoke 1's daemon is killed (SIGKILL) and started again while spokes 2 and 3 ping the hub's
 *     LAN host every 0.2 s: none of their 200 pings is lost, their SAs on the hub keep their SPIs,
 *     spoke 1's LAN host reaches the hub's again, and the hub holds one Main Mode SA with spoke 1,
 *     a new one (the stale one replaced).
 * </ol>
 */
class HubAndSpokesIT {
    @TempDir
    Path dir;

    @BeforeEach
    void needsRootAndTools() throws Exception {
        assumeTrue(Iperf.isRoot(), "needs root (namespaces, TUN, raw sockets)");
        for (String tool : List.of("ping", "tshark")) assumeTrue(Command.available(tool), "needs " + tool);
    }

    @Test
    void eachSpokeHasItsOwnKeyAndSpokeToSpokeGoesThroughTheHub() throws Exception {
        try (HubAndSpokes lab = HubAndSpokes.create("ikb-hs");
             IkdNode hub = ShippedHubAndSpokes.hub(lab, dir);
             IkdNode s1 = ShippedHubAndSpokes.spoke(lab, 1, dir);
             IkdNode s2 = ShippedHubAndSpokes.spoke(lab, 2, dir);
             IkdNode s3 = ShippedHubAndSpokes.spoke(lab, 3, dir)) {
            for (IkdNode n : List.of(hub, s1, s2, s3)) n.awaitReady();
            allSpokesAtOnce(lab, hub);
            oneMainModePerSpokeUnderItsRule(lab, hub);
            spokeToSpokeThroughTheHub(lab, hub);
            restartOneSpoke(lab, hub, s1);
        }
    }

    /**
     * Spoke 3 and the hub's rule spoke-3 use certificates instead of spoke-3.psk, spokes 1 and 2
     * their keys: the three spokes reach the hub's LAN host at once, the hub's Main Mode SA with
     * spoke 3 is authenticated by certificate and the others by key, and spoke 3's LAN host reaches
     * spoke 1's through the hub.
     */
    @Test
    void oneSpokeWithACertificateAmongSpokesWithKeys() throws Exception {
        try (HubAndSpokes lab = HubAndSpokes.create("ikb-hc")) {
            List<IkdNode> nodes = ShippedHubAndSpokes.withSpoke3Certificate(lab, dir);
            try {
                for (IkdNode n : nodes) n.awaitReady();
                IkdNode hub = nodes.get(0);
                allSpokesAtOnce(lab, hub);
                List<String> methods = new ArrayList<>();
                for (Site s : lab.spokes()) methods.add(mainModeWith(hub, s).authentication());
                report("hub: authentication of spokes 1, 2, 3", methods.toString());
                assertEquals(List.of("psk", "psk"), methods.subList(0, 2));
                assertTrue(methods.get(2).startsWith("ecdsa"), "spoke 3's P-256 certificate (RFC 4754): " + methods);
                report("spoke 3 host -> spoke 1 host", ping(lab.spoke(3).host(), lab.spoke(1).hostAddress()));
            } finally {
                nodes.forEach(IkdNode::close);
            }
        }
    }

    /**
     * The first pings wait for Main and Quick Mode of three spokes at once on a hub whose JVM has
     * just started (modp3072 and PFS; 4 to 5 s on two loaded cores): each reply may take 20 s.
     */
    private static void allSpokesAtOnce(HubAndSpokes lab, IkdNode hub) {
        String hubHost = lab.hub().hostAddress();
        List<CompletableFuture<String>> pings = new ArrayList<>();
        for (Site s : lab.spokes()) pings.add(CompletableFuture.supplyAsync(() -> ping(s.host(), hubHost, 20)));
        try {
            for (int i = 0; i < pings.size(); i++) report("spoke " + (i + 1) + " host -> hub host", pings.get(i).join());
        } catch (java.util.concurrent.CompletionException e) {
            String out = hub.output();
            throw new AssertionError(e.getCause().getMessage() + "\nhub's output (tail):\n" + out.substring(Math.max(0, out.length() - 6000)), e);
        }
    }

    private static void oneMainModePerSpokeUnderItsRule(HubAndSpokes lab, IkdNode hub) throws IOException {
        Path conf = IkdNode.root().resolve("conf");
        List<String> keys = new ArrayList<>();
        for (int i = 1; i <= HubAndSpokes.SPOKES; i++) keys.add(Files.readString(conf.resolve(ShippedHubAndSpokes.key(i))).strip());
        assertEquals(HubAndSpokes.SPOKES, keys.stream().distinct().count(), "a different key per spoke");
        List<MainModeSaView> mm = hub.control(ControlRequest.Command.SHOW_MM, MainModeSas.class).sas();
        report("hub: show mm", mm.toString());
        for (Site s : lab.spokes()) assertEquals("psk", mainModeWith(hub, s).authentication(), mm.toString());
        List<QuickModeSaView> qm = hub.control(ControlRequest.Command.SHOW_QM, QuickModeSas.class).sas();
        for (QuickModeSaView v : qm) {
            Site peer = lab.spokes().stream().filter(s -> s.wan().equals(v.peer())).findFirst().orElseThrow();
            assertEquals("spoke-" + peer.number(), v.rule(), "a Quick Mode SA with " + v.peer() + " under another spoke's rule: " + v);
        }
    }

    /** The ping enters the hub on a pair of rule spoke-1 and leaves it on a pair of rule spoke-2. */
    private void spokeToSpokeThroughTheHub(HubAndSpokes lab, IkdNode hub) throws Exception {
        Site one = lab.spoke(1);
        Site two = lab.spoke(2);
        try (WireCapture wan = WireCapture.start(lab.router, HubAndSpokes.WAN + "0", dir.resolve("wan0"))) {
            report("spoke 1 host -> spoke 2 host", ping(one.host(), two.hostAddress()));
            List<QuickModeSaView> qm = hub.control(ControlRequest.Command.SHOW_QM, QuickModeSas.class).sas();
            report("hub: show qm", qm.toString());
            QuickModeSaView in = pair(qm, "spoke-1", two.lan() + " -> " + one.lan());
            QuickModeSaView out = pair(qm, "spoke-2", one.lan() + " -> " + two.lan());
            assertEquals(List.of(3L, 3L, 3L, 3L), List.of(in.packetsIn(), out.packetsOut(), out.packetsIn(), in.packetsOut()),
                    "3 echo requests in on spoke 1's pair and out on spoke 2's, 3 replies back: " + in + "\n" + out);
            String entered = "ip.src == " + one.wan() + " && ip.dst == " + lab.hub().wan() + " && esp.spi == 0x" + in.inboundSpi();
            String left = "ip.src == " + lab.hub().wan() + " && ip.dst == " + two.wan() + " && esp.spi == 0x" + out.outboundSpi();
            long[] seen = awaitOnTheWire(dir.resolve("wan0/capture.pcapng"), entered, left, 3);
            System.out.println("router's link to the hub: spoke 1 -> hub on " + in.inboundSpi() + ": " + seen[0]
                    + " ESP packets, hub -> spoke 2 on " + out.outboundSpi() + ": " + seen[1]);
        }
    }

    /**
     * Reads the capture while tshark still writes it (stopping it may lose the packets it has not
     * written yet) until both filters match {@code n} packets, for 20 s at most; their counts (also
     * for {@link HubWithCharonSpokeIT}, as the other helpers below that are not private).
     */
    static long[] awaitOnTheWire(Path file, String first, String second, int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long[] seen = new long[2];
        while (seen[0] < n || seen[1] < n) {
            assertTrue(System.nanoTime() < deadline, "on the router's link to the hub, " + n + " packets each of '"
                    + first + "' and '" + second + "': " + seen[0] + ", " + seen[1]);
            IkdNode.sleep(200);
            seen[0] = count(file, first);
            seen[1] = count(file, second);
        }
        return seen;
    }

    static long count(Path file, String filter) {
        Command.Result r = Command.run(List.of("tshark", "-r", file.toString(), "-Y", filter, "-T", "fields", "-e", "frame.number"), 60);
        return r.stdout().lines().filter(l -> !l.isBlank()).count();
    }

    /** The one hub SA pair of {@code rule} whose outbound filter is {@code filter}. */
    static QuickModeSaView pair(List<QuickModeSaView> qm, String rule, String filter) {
        List<QuickModeSaView> found = qm.stream().filter(v -> v.rule().equals(rule) && v.filter().equals(filter)).toList();
        assertEquals(1, found.size(), "one pair of rule " + rule + " for " + filter + ": " + qm);
        return found.get(0);
    }

    /** Spoke 1 crashes and comes back; spokes 2 and 3 keep pinging the hub host through it all. */
    private void restartOneSpoke(HubAndSpokes lab, IkdNode hub, IkdNode s1) throws Exception {
        Map<String, String> before = spis(hub, "spoke-2", "spoke-3");
        MainModeSaView old = mainModeWith(hub, lab.spoke(1));
        List<Process> steady = new ArrayList<>();
        for (int i = 2; i <= 3; i++) steady.add(background(lab.spoke(i).host(), lab.hub().hostAddress(), dir.resolve("steady-" + i)));
        IkdNode.sleep(1000); // a few steady pings before the crash
        long t0 = System.nanoTime();
        s1.kill();
        long t1 = System.nanoTime();
        s1.restart();
        long t2 = System.nanoTime();
        String back = pingUntilReply(lab.spoke(1).host(), lab.hub().hostAddress(), 60);
        long t3 = System.nanoTime();
        for (Process p : steady) assertTrue(p.isAlive(), "the steady pings ended before spoke 1 came back");
        System.out.printf("spoke 1 killed in %d ms, its ikd ready again after %d ms, its host reached the hub host %d ms later%n",
                ms(t1 - t0), ms(t2 - t1), ms(t3 - t2));
        report("spoke 1 host -> hub host after the restart", back);
        report("spoke 1 host -> hub host, 3 pings", ping(lab.spoke(1).host(), lab.hub().hostAddress()));
        MainModeSaView fresh = mainModeWith(hub, lab.spoke(1));
        report("hub: spoke 1's Main Mode SA before and after the restart", old + "\n" + fresh);
        assertTrue(!fresh.initiatorCookie().equals(old.initiatorCookie()), "the hub kept spoke 1's stale Main Mode SA only: " + fresh);
        for (int i = 0; i < steady.size(); i++) {
            Process p = steady.get(i);
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "steady ping still running");
            String out = Files.readString(dir.resolve("steady-" + (i + 2)));
            report("spoke " + (i + 2) + " host -> hub host while spoke 1 restarted", out.lines().filter(l -> !l.contains("icmp_seq")).reduce("", (a, b) -> a + b + "\n"));
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains(" 0% packet loss"), out);
        }
        assertEquals(before, spis(hub, "spoke-2", "spoke-3"), "spokes 2 and 3's SAs on the hub were renegotiated");
    }

    /** The hub's one Main Mode SA with {@code spoke}, under that spoke's rule. */
    static MainModeSaView mainModeWith(IkdNode hub, Site spoke) {
        List<MainModeSaView> mm = hub.control(ControlRequest.Command.SHOW_MM, MainModeSas.class).sas();
        List<MainModeSaView> of = mm.stream().filter(v -> v.peer().equals(spoke.wan())).toList();
        assertEquals(1, of.size(), "one Main Mode SA with spoke " + spoke.number() + ": " + mm);
        assertEquals("spoke-" + spoke.number(), of.get(0).rule(), of.toString());
        return of.get(0);
    }

    /** {@code ping -c 3}; asserts every reply came back, the first one included. */
    static String ping(Netns from, String to) {
        return ping(from, to, 5);
    }

    /** The same, each reply awaited {@code seconds} at most. */
    static String ping(Netns from, String to, int seconds) {
        Command.Result r = from.exec(60, "ping", "-c", "3", "-i", "0.3", "-W", Integer.toString(seconds), to);
        String out = r.stdout() + r.stderr();
        assertEquals(0, r.exitCode(), out);
        assertTrue(out.contains("icmp_seq=1 ") && out.contains(" 0% packet loss"), out);
        return out;
    }

    /** One ping every 0.2 s for 40 s at most, its output to {@code out}. */
    static Process background(Netns from, String to, Path out) throws IOException {
        List<String> argv = new ArrayList<>(from.execPrefix());
        argv.addAll(List.of("ping", "-c", "200", "-i", "0.2", "-W", "2", to));
        return new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    /** The restarted spoke's first Main and Quick Mode: {@code ping -c 1} until a reply, bounded by {@code seconds}. */
    static String pingUntilReply(Netns from, String to, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String out = "";
        while (System.nanoTime() < deadline) {
            Command.Result r = from.exec(10, "ping", "-c", "1", "-W", "1", to);
            out = r.stdout() + r.stderr();
            if (r.exitCode() == 0) return out;
        }
        throw new AssertionError("no reply within " + seconds + " s: " + out);
    }

    /** Inbound and outbound SPI of every Quick Mode SA of these rules, by rule and filter. */
    static Map<String, String> spis(IkdNode hub, String... rules) {
        Map<String, String> out = new TreeMap<>();
        for (QuickModeSaView v : hub.control(ControlRequest.Command.SHOW_QM, QuickModeSas.class).sas())
            if (List.of(rules).contains(v.rule())) out.merge(v.rule() + " " + v.filter(), v.inboundSpi() + "/" + v.outboundSpi(), (a, b) -> a + " " + b);
        assertTrue(out.size() >= rules.length, "an SA per rule: " + out);
        return out;
    }

    private static long spi(String text) {
        return Long.parseLong(text.strip().toLowerCase().replaceFirst("^0x", ""), 16);
    }

    static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    static void report(String what, String out) {
        System.out.println("== " + what + "\n" + out.strip());
    }
}
