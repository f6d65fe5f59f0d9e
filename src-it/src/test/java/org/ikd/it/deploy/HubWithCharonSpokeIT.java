package org.ikd.it.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ikd.daemon.control.ControlRequest;
import org.ikd.daemon.control.MainModeSaView;
import org.ikd.daemon.control.QuickModeSaView;
import org.ikd.daemon.control.QuickModeSas;
import org.ikd.it.lab.Charon;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.HubAndSpokes;
import org.ikd.it.lab.HubAndSpokes.Site;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.WireCapture;
import org.ikd.it.swan.CharonSa;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped conf/hub.toml on the hub, conf/spoke-1.toml and spoke-2.toml on ikd spokes 1 and 2,
 * and strongSwan's charon (kernel-libipsec, 5.9) as spoke 3 with spoke 3's own example key
 * ({@link CharonSpoke}; issue 14, parts 4 and 6, "against charon wherever libipsec can"):
 * <ol>
 * <li>charon initiates its three CHILD SAs (hub LAN, spoke 1's LAN, spoke 2's LAN) with the hub;
 *     the three spokes' LAN hosts then ping the hub's LAN host, 3 of 3 each, and the hub holds one
 *     Main Mode SA with charon, under rule spoke-3, with ESP in UDP (libipsec fakes NAT-D);
 * <li>charon's LAN host pings ikd spoke 1's LAN host: the requests enter the hub as ESP in UDP 4500
 *     on a pair of rule spoke-3 (filter "spoke 1 LAN -> spoke 3 LAN") and leave it as ESP on a pair
 *     of rule spoke-1 ("spoke 3 LAN -> spoke 1 LAN"): tshark sees their SPIs on the router's link to
 *     the hub, the hub's two pairs count the 3 requests and the 3 replies, and charon's own CHILD SA
 *     counters say 3 packets out and 3 in;
 * <li>charon is killed (SIGKILL, no Delete) and started again while ikd spokes 1 and 2 ping the hub's
 *     LAN host every 0.2 s: none of their pings is lost, their SAs on the hub keep their SPIs, and
 *     the new charon's LAN host reaches the hub's LAN host and spoke 1's again, over a new Main Mode
 *     SA (the hub replaced the stale one), and the hub holds only the new charon's three pairs.
 * </ol>
 */
class HubWithCharonSpokeIT {
    private static final int CHARON = 3;

    @TempDir
    Path dir;

    @BeforeEach
    void needsRootCharonAndTools() throws Exception {
        assumeTrue(SiteTraffic.rootAnd("ping", "tshark"), "needs root, ping and tshark");
        assumeTrue(Charon.installed(), "strongSwan is not installed (.ci/run installs it)");
    }

    @Test
    void aCharonSpokeReachesTheHubAndAnIkdSpokeAndItsRestartLeavesTheIkdSpokesAlone() throws Exception {
        List<Charon> charons = new ArrayList<>();
        try (HubAndSpokes lab = HubAndSpokes.create("sh-hc");
             IkdNode hub = ShippedHubAndSpokes.hub(lab, dir);
             IkdNode s1 = ShippedHubAndSpokes.spoke(lab, 1, dir);
             IkdNode s2 = ShippedHubAndSpokes.spoke(lab, 2, dir)) {
            charons.add(Charon.start(lab.spoke(CHARON).gateway(), dir.resolve("charon-1"), CharonSpoke.conf(lab, CHARON)));
            for (IkdNode n : List.of(hub, s1, s2)) n.awaitReady();
            initiateAll(charons.get(0), hub);
            for (Site s : lab.spokes()) HubAndSpokesIT.report("spoke " + s.number() + " host -> hub host",
                    HubAndSpokesIT.ping(s.host(), lab.hub().hostAddress(), 20));
            MainModeSaView first = charonOnTheHub(lab, hub);
            charonSpokeToIkdSpokeThroughTheHub(lab, hub, charons.get(0));
            charons.add(restartCharon(lab, hub, charons.get(0)));
            MainModeSaView second = charonOnTheHub(lab, hub);
            HubAndSpokesIT.report("hub: charon's Main Mode SA before and after the restart", first + "\n" + second);
            assertNotEquals(first.initiatorCookie(), second.initiatorCookie(), "the hub kept charon's stale Main Mode SA only");
            // RFC 2407 §4.6.3.3: the new charon's INITIAL-CONTACT lets the hub delete the crashed one's SAs
            List<QuickModeSaView> pairs = hub.control(ControlRequest.Command.SHOW_QM, QuickModeSas.class).sas().stream()
                    .filter(v -> v.rule().equals("spoke-" + CHARON)).toList();
            assertEquals(CharonSpoke.children(CHARON).size(), pairs.size(), "one pair per CHILD SA of the new charon: " + pairs);
            assertTrue(pairs.stream().allMatch(v -> v.mainModeId() == second.id()), "pairs of the stale Main Mode SA: " + pairs);
        } finally {
            charons.forEach(Charon::close);
        }
    }

    /** charon initiates each of its children (Main Mode with the first, then Quick Mode each). */
    private static void initiateAll(Charon charon, IkdNode hub) {
        for (String child : CharonSpoke.children(CHARON)) {
            Command.Result r = charon.swanctlResult("--initiate", "--ike", "hub", "--child", child, "--timeout", "30");
            assertTrue(r.stdout().contains("successfully"), () -> child + ": " + r.stdout() + r.stderr() + "\n== charon's log\n"
                    + charon.log() + "\n== hub's Oakley log\n" + hub.oakleyLog());
        }
    }

    /** The hub's one Main Mode SA with charon: rule spoke-3, pre-shared key, NAT-T (ESP in UDP). */
    private static MainModeSaView charonOnTheHub(HubAndSpokes lab, IkdNode hub) {
        MainModeSaView mm = HubAndSpokesIT.mainModeWith(hub, lab.spoke(CHARON));
        assertEquals("psk", mm.authentication(), mm.toString());
        assertTrue(mm.natTraversal(), "libipsec speaks only ESP in UDP: " + mm);
        List<QuickModeSaView> qm = hub.control(ControlRequest.Command.SHOW_QM, QuickModeSas.class).sas().stream()
                .filter(v -> v.rule().equals("spoke-" + CHARON)).toList();
        assertTrue(!qm.isEmpty() && qm.stream().allMatch(v -> v.udpEncapsulated() && v.mode().equals("tunnel")), qm.toString());
        return mm;
    }

    /** The ping enters the hub on a pair of rule spoke-3 (ESP in UDP) and leaves it on a pair of rule spoke-1. */
    private void charonSpokeToIkdSpokeThroughTheHub(HubAndSpokes lab, IkdNode hub, Charon charon) throws Exception {
        Site three = lab.spoke(CHARON);
        Site one = lab.spoke(1);
        try (WireCapture wan = WireCapture.start(lab.router, HubAndSpokes.WAN + "0", dir.resolve("wan0"))) {
            HubAndSpokesIT.report("spoke 3 (charon) host -> spoke 1 host", HubAndSpokesIT.ping(three.host(), one.hostAddress()));
            List<QuickModeSaView> qm = hub.control(ControlRequest.Command.SHOW_QM, QuickModeSas.class).sas();
            HubAndSpokesIT.report("hub: show qm", qm.toString());
            QuickModeSaView in = HubAndSpokesIT.pair(qm, "spoke-3", one.lan() + " -> " + three.lan());
            QuickModeSaView out = HubAndSpokesIT.pair(qm, "spoke-1", three.lan() + " -> " + one.lan());
            assertEquals(List.of(3L, 3L, 3L, 3L), List.of(in.packetsIn(), out.packetsOut(), out.packetsIn(), in.packetsOut()),
                    "3 echo requests in on charon's pair and out on spoke 1's, 3 replies back: " + in + "\n" + out);
            CharonSa sa = CharonSa.installed(charon.swanctl("--list-sas", "--ike", "hub", "--child", "spoke-1", "--raw"));
            assertNotNull(sa, charon.listSas());
            HubAndSpokesIT.report("charon: CHILD SA spoke-1", sa.child().toString());
            assertEquals(List.of("3", "3", "yes"), List.of(sa.child().get("packets-out"), sa.child().get("packets-in"),
                    sa.child().get("encap")), "charon's own counters of its pair with the hub for spoke 1's LAN: " + sa.child());
            // charon's inbound SPI is the hub's outbound one of the same pair
            assertEquals(in.outboundSpi().toLowerCase(), sa.child().get("spi-in"), sa.child() + " / " + in);
            String entered = "ip.src == " + three.wan() + " && ip.dst == " + lab.hub().wan() + " && udp.port == 4500"
                    + " && esp.spi == 0x" + in.inboundSpi();
            String left = "ip.src == " + lab.hub().wan() + " && ip.dst == " + one.wan() + " && esp.spi == 0x" + out.outboundSpi();
            long[] seen = HubAndSpokesIT.awaitOnTheWire(dir.resolve("wan0/capture.pcapng"), entered, left, 3);
            System.out.println("router's link to the hub: charon -> hub in UDP on " + in.inboundSpi() + ": " + seen[0]
                    + " ESP packets, hub -> spoke 1 on " + out.outboundSpi() + ": " + seen[1]);
        }
    }

    /**
     * charon crashes and a new one starts in its place (a fresh state directory: the old vici socket
     * stays behind) while ikd spokes 1 and 2 ping the hub's LAN host; returns the new charon.
     */
    private Charon restartCharon(HubAndSpokes lab, IkdNode hub, Charon old) throws Exception {
        Map<String, String> before = HubAndSpokesIT.spis(hub, "spoke-1", "spoke-2");
        List<Process> steady = new ArrayList<>();
        for (int i = 1; i <= 2; i++)
            steady.add(HubAndSpokesIT.background(lab.spoke(i).host(), lab.hub().hostAddress(), dir.resolve("steady-" + i)));
        IkdNode.sleep(1000); // a few steady pings before the crash
        long t0 = System.nanoTime();
        old.kill();
        Charon fresh = Charon.start(lab.spoke(CHARON).gateway(), dir.resolve("charon-2"), CharonSpoke.conf(lab, CHARON));
        try {
            long t1 = System.nanoTime();
            initiateAll(fresh, hub);
            long t2 = System.nanoTime();
            String back = HubAndSpokesIT.ping(lab.spoke(CHARON).host(), lab.hub().hostAddress());
            for (Process p : steady) assertTrue(p.isAlive(), "the steady pings ended before charon came back");
            System.out.printf("charon killed and started again in %d ms, its three CHILD SAs up %d ms later%n",
                    HubAndSpokesIT.ms(t1 - t0), HubAndSpokesIT.ms(t2 - t1));
            HubAndSpokesIT.report("spoke 3 (charon) host -> hub host after the restart", back);
            HubAndSpokesIT.report("spoke 3 (charon) host -> spoke 1 host after the restart",
                    HubAndSpokesIT.ping(lab.spoke(CHARON).host(), lab.spoke(1).hostAddress()));
            for (int i = 0; i < steady.size(); i++) {
                Process p = steady.get(i);
                assertTrue(p.waitFor(90, TimeUnit.SECONDS), "steady ping still running");
                String out = Files.readString(dir.resolve("steady-" + (i + 1)));
                HubAndSpokesIT.report("spoke " + (i + 1) + " host -> hub host while charon restarted",
                        out.lines().filter(l -> !l.contains("icmp_seq")).reduce("", (a, b) -> a + b + "\n"));
                assertEquals(0, p.exitValue(), out);
                assertTrue(out.contains(" 0% packet loss"), out);
            }
            assertEquals(before, HubAndSpokesIT.spis(hub, "spoke-1", "spoke-2"), "spokes 1 and 2's SAs on the hub were renegotiated");
            return fresh;
        } catch (Exception | AssertionError e) {
            fresh.close();
            throw e;
        }
    }
}
