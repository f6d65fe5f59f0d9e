package org.ikd.it.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.ikd.it.lab.Charon;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.ImpairedLink;
import org.ikd.it.lab.ImpairedLink.Impairment;
import org.ikd.it.lab.Iperf;
import org.ikd.it.lab.SiteRouter;
import org.ikd.it.lab.SiteToSite;
import org.ikd.it.lab.WireCapture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The site-to-site bed over a bad WAN: gateway A's link to the router crosses an {@link ImpairedLink}
 * (netem's job in userspace: sch_netem is missing here) that drops 5 % of the frames each way,
 * delays every frame 20 ms and holds 10 % of them 20 ms longer, so they arrive behind later ones.
 * The first IKE message is dropped on purpose, so a retransmission (RFC 2408 §5.1 leaves the timer
 * to the implementation) is certain, not left to chance. Then:
 * <ul>
 * <li>the tunnel comes up: host A's pings, one a second, are answered within 60 s;
 * <li>100 pings each way at 50 ms: most come back (5 % loss each way: 90 % expected);
 * <li>a 4 MB iperf3 TCP transfer from host A completes (TCP retransmits what the wire lost);
 * <li>on the router's end of A's link: the first IKE message from gateway A went out twice, byte for
 *     byte (the drop and the retransmission); the wire counted drops and reordered frames.
 * </ul>
 * ikd on both gateways (the shipped files, raw ESP, protocol 50, through the bridge) and ikd
 * against strongSwan's charon on gateway B (kernel-libipsec: ESP in UDP 4500).
 */
class SiteToSiteLossyIT {
    /** 5 % loss, 20 ms delay, 10 % held 20 ms more; the first IKE message dropped. */
    static final Impairment BAD_WAN = Impairment.of(5, 20, 10).withIkeDrops(1);

    @TempDir
    Path dir;

    @BeforeEach
    void needsRootAndTools() throws Exception {
        assumeTrue(SiteTraffic.rootAnd("iperf3", "ping", "tshark", "python3"), "needs root, iperf3, ping, tshark and python3");
    }

    @Test
    void ikdToIkdOverALossyDelayedReorderingWan() throws Exception {
        try (SiteToSite lab = SiteToSite.create("bd-li", SiteRouter.impaired(BAD_WAN), dir.resolve("bed"));
             IkdNode a = ShippedSiteToSite.gatewayA(lab, dir);
             IkdNode b = ShippedSiteToSite.gatewayB(lab, dir)) {
            a.awaitReady();
            b.awaitReady();
            Map<String, Integer> wan = acrossTheBadWan(lab, () -> a.oakleyLog() + "\n== gateway B\n" + b.oakleyLog());
            assertTrue(wan.getOrDefault("esp", 0) > 200 && wan.getOrDefault("esp-in-udp", 0) == 0,
                    "raw ESP (no NAT on the way) through the bridge: " + wan);
            String qm = a.ikdctl("show", "qm");
            SiteTraffic.report("ikdctl show qm on gateway A", qm);
            assertTrue(qm.contains(" tunnel ") && !qm.contains("tunnel/udp"), qm);
        }
    }

    @Test
    void ikdToCharonOverALossyDelayedReorderingWan() throws Exception {
        assumeTrue(Charon.installed(), "strongSwan is not installed (.ci/run installs it)");
        try (SiteToSite lab = SiteToSite.create("bd-lc", SiteRouter.impaired(BAD_WAN), dir.resolve("bed"));
             IkdNode a = ShippedSiteToSite.gatewayA(lab, dir);
             Charon b = Charon.start(lab.gatewayB, dir.resolve("charon"), SiteToSiteCharonIT.charonMirror())) {
            a.awaitReady();
            Map<String, Integer> wan = acrossTheBadWan(lab, () -> a.oakleyLog() + "\n== charon\n" + b.log());
            assertTrue(wan.getOrDefault("esp-in-udp", 0) > 200 && wan.getOrDefault("esp", 0).equals(wan.get("esp-in-udp")),
                    "ESP only in UDP (libipsec): " + wan);
            String sas = b.listSas();
            SiteTraffic.report("swanctl --list-sas on gateway B", sas);
            assertTrue(sas.contains("INSTALLED, TUNNEL-in-UDP"), sas);
        }
    }

    /**
     * Everything above the class comment lists, with the capture on the router's end of gateway A's
     * link (frames from A before the bridge, frames to A after it); what the capture counted, by
     * kind. A tunnel that does not come up prints {@code logs}.
     */
    private Map<String, Integer> acrossTheBadWan(SiteToSite lab, Supplier<String> logs) throws Exception {
        ImpairedLink wire = lab.impairedWan();
        try (WireCapture capture = WireCapture.start(lab.router, SiteToSite.WAN, dir.resolve("wan"))) {
            double up = SiteTraffic.firstAnswer(lab.hostA, SiteToSite.HOST_B, 60);
            if (up < 0) System.out.println("== logs\n" + logs.get());
            assertTrue(up >= 0, "no ping answered within 60 s over " + BAD_WAN);
            SiteTraffic.Replies ab = SiteTraffic.pings(lab.hostA, 100, "0.05", SiteToSite.HOST_B);
            SiteTraffic.Replies ba = SiteTraffic.pings(lab.hostB, 100, "0.05", SiteToSite.HOST_A);
            // 5 % each way: 90.25 expected of 100; below 70 has a probability under 1e-8 (binomial)
            assertTrue(ab.received() >= 70 && ba.received() >= 70, ab.text() + "\n" + ba.text());
            String tcp = Iperf.assertBytes(lab.hostA, SiteToSite.HOST_A, lab.hostB, SiteToSite.HOST_B, dir.resolve("iperf"), "4M", 120);
            String counts = wire.stop();
            System.out.printf("bad WAN (%s): tunnel up after %.1f s; pings A->B %d/100, B->A %d/100; iperf3 -n 4M A->B: %s;"
                    + " the wire: %s%n", BAD_WAN, up, ab.received(), ba.received(), tcp, counts);
            assertEquals(1, ImpairedLink.count(counts, "ike_dropped"), counts);
            assertTrue(ImpairedLink.count(counts, "dropped") > 0 && ImpairedLink.count(counts, "reordered") > 0, counts);
            return countAndCheckTheRetransmission(capture);
        }
    }

    /**
     * IKE, ESP and ESP in UDP between the gateways on A's link; asserts that the first IKE message
     * gateway A sent appears again later, byte for byte: the bridge dropped it, A sent it again.
     */
    private static Map<String, Integer> countAndCheckTheRetransmission(WireCapture capture) throws Exception {
        List<String[]> rows = capture.rows(null, "ip.addr == " + SiteToSite.GATEWAY_A + " && (udp || esp)",
                "ip.src", "esp.spi", "udp.port", "udp.payload");
        Map<String, Integer> kinds = new HashMap<>();
        Set<String> seen = new HashSet<>();
        String first = null;
        int copies = 0;
        for (String[] r : rows) {
            boolean esp = !r[1].isEmpty();
            boolean udp = !r[2].isEmpty();
            kinds.merge(esp ? "esp" : "ike", 1, Integer::sum);
            if (esp && udp) kinds.merge("esp-in-udp", 1, Integer::sum);
            if (esp || r[3].length() < 40) continue;      // 40 hex digits: more than a NAT keepalive
            // IKEv1 resends the same bytes (RFC 2408 §5.1): a payload seen before is a retransmission
            if (!seen.add(r[0] + r[3])) kinds.merge("ike-retransmitted", 1, Integer::sum);
            if (!r[0].equals(SiteToSite.GATEWAY_A)) continue;
            if (first == null) first = r[3];
            if (r[3].equals(first)) copies++;
        }
        System.out.println("gateway A's link: " + kinds + "; gateway A's first IKE message seen " + copies + " times");
        assertTrue(copies >= 2, "the first IKE message, dropped, was sent again: " + copies + " copies");
        return kinds;
    }
}
