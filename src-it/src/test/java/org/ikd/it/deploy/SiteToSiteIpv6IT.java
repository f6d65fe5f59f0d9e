package org.ikd.it.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Iperf;
import org.ikd.it.lab.SiteToSite;
import org.ikd.it.lab.WireCapture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The site-to-site deployment dual stack, ikd on both gateways (issue 14 part 4): the shipped
 * policies with an IPv6 rule added ({@link DualStack}) tunnel LAN A to LAN B over IPv4 as shipped
 * and the IPv6 LANs 2001:2:0:10::/64 and 2001:2:0:20::/64 between the gateways' IPv6 WAN addresses,
 * side by side: pings both ways in both families, the first one included, a bounded iperf3 over
 * IPv6, and on the router's link to A only IKE and ESP (protocol 50, no NAT on the way) between the
 * gateways in either family, never a LAN address.
 */
class SiteToSiteIpv6IT {
    @TempDir
    Path dir;

    @BeforeEach
    void needsRootAndTools() throws Exception {
        assumeTrue(SiteTraffic.rootAnd("iperf3", "ping", "tshark"), "needs root, iperf3, ping and tshark");
    }

    @Test
    void bothFamiliesCrossBetweenTheLans() throws Exception {
        try (SiteToSite lab = SiteToSite.create("ikw-s6");
             IkdNode a = DualStack.gatewayA(lab, dir);
             IkdNode b = DualStack.gatewayB(lab, dir)) {
            a.awaitReady();
            b.awaitReady();
            try (WireCapture wan = WireCapture.start(lab.router, SiteToSite.WAN, dir.resolve("wan"))) {
                SiteTraffic.report("host A -> host B, IPv6", SiteTraffic.ping(lab.hostA, SiteToSite.HOST_B6));
                SiteTraffic.report("host B -> host A, IPv6", SiteTraffic.ping(lab.hostB, SiteToSite.HOST_A6));
                SiteTraffic.report("host A -> host B, IPv4", SiteTraffic.ping(lab.hostA, SiteToSite.HOST_B));
                SiteTraffic.report("host B -> host A, IPv4", SiteTraffic.ping(lab.hostB, SiteToSite.HOST_A));
                String rate = Iperf.assertTcp(lab.hostA, SiteToSite.HOST_A6, lab.hostB, SiteToSite.HOST_B6, dir.resolve("iperf"), 2, "20M");
                SiteTraffic.report("iperf3 host A -> host B over IPv6, TCP 2 s at most 20 Mbit/s", rate);
                SiteTraffic.Wan w = SiteTraffic.onlyIkeAndEspBetweenTheGateways(wan, DualStack.GATEWAY_A6, DualStack.GATEWAY_B6);
                // no NAT between the gateways: raw ESP (protocol 50) in both families
                assertEquals(0, w.espInUdp(), w.toString());
                assertTrue(w.esp6() > 1000, "6 pings, their replies and a TCP transfer of megabytes over IPv6: " + w);
                assertTrue(w.esp4() >= 12, "6 pings and their replies over IPv4: " + w);
            }
            String qm = a.ikdctl("show", "qm");
            SiteTraffic.report("ikdctl show qm on gateway A", qm);
            assertTrue(qm.contains(DualStack.LAN_A6 + " -> " + DualStack.LAN_B6) && qm.contains(SiteToSite.LAN_A + " -> " + SiteToSite.LAN_B), qm);
            SiteTraffic.report("iperf3 host A -> host B over IPv6, TCP 2 s", Iperf.assertTcp(lab.hostA, SiteToSite.HOST_A6,
                    lab.hostB, SiteToSite.HOST_B6, dir.resolve("iperf-fast"), 2));
        }
    }
}
