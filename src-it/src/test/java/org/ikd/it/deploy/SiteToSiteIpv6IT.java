package org.ikd.it.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
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
                wan.stop();
                onlyIkeAndEspBetweenTheGateways(wan);
            }
            String qm = a.ikdctl("show", "qm");
            SiteTraffic.report("ikdctl show qm on gateway A", qm);
            assertTrue(qm.contains(DualStack.LAN_A6 + " -> " + DualStack.LAN_B6) && qm.contains(SiteToSite.LAN_A + " -> " + SiteToSite.LAN_B), qm);
            SiteTraffic.report("iperf3 host A -> host B over IPv6, TCP 2 s", Iperf.assertTcp(lab.hostA, SiteToSite.HOST_A6,
                    lab.hostB, SiteToSite.HOST_B6, dir.resolve("iperf-fast"), 2));
        }
    }

    /** Every packet on the WAN but ND/MLD is IKE (UDP 500) or ESP between the gateways' addresses of one family. */
    private static void onlyIkeAndEspBetweenTheGateways(WireCapture wan) throws Exception {
        List<String[]> all = wan.rows(null, "!icmpv6 && !arp", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst", "esp.spi", "udp.port");
        int esp4 = 0;
        int esp6 = 0;
        for (String[] p : all) {
            String where = String.join(" ", p);
            boolean v4 = between(p[0], p[1], SiteToSite.GATEWAY_A, SiteToSite.GATEWAY_B);
            boolean v6 = between(p[2], p[3], DualStack.GATEWAY_A6, DualStack.GATEWAY_B6);
            boolean ike = List.of(p[5].split(",")).stream().anyMatch(port -> port.equals("500") || port.equals("4500"));
            assertTrue((v4 || v6) && (ike || !p[4].isEmpty()), "only IKE and ESP between the gateways on the WAN: " + where);
            if (!ike && v4) esp4++;
            if (!ike && v6) esp6++;
        }
        System.out.printf("WAN (router side of gateway A): %d packets (ND and MLD aside), %d ESP over IPv6, %d ESP over IPv4, the rest IKE%n",
                all.size(), esp6, esp4);
        assertTrue(esp6 > 1000, esp6 + " ESP packets over IPv6: 6 pings, their replies and a TCP transfer of megabytes");
        assertTrue(esp4 >= 12, esp4 + " ESP packets over IPv4: 6 pings and their replies");
    }

    private static boolean between(String x, String y, String a, String b) {
        return x.equals(a) && y.equals(b) || x.equals(b) && y.equals(a);
    }
}
