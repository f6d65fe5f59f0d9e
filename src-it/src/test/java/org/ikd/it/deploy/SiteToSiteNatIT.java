package org.ikd.it.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.function.Supplier;
import org.ikd.it.lab.Charon;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Iperf;
import org.ikd.it.lab.SiteRouter;
import org.ikd.it.lab.SiteToSite;
import org.ikd.it.lab.WireCapture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The site-to-site bed with gateway A behind the router's NAT ({@link SiteRouter#nat()}: nftables
 * masquerade on the router's link to B, only replies let back in). Gateway A runs the shipped
 * conf/site-to-site.toml as shipped: its {@code nat-traversal = "auto"} finds the NAT by NAT-D
 * (RFC 3947 §3) and floats to UDP 4500. Gateway B's rule names the NAT's outside address
 * 198.18.1.254 as the tunnel's remote end (all it can see of A) and keeps A's own address as the
 * peer's ID. In each test: LAN-to-LAN pings both ways, a bounded iperf3 TCP transfer, and on the
 * router's link to B only UDP between 198.18.1.254 and gateway B, IKE on 500 then IKE and ESP on
 * 4500 ({@link NatWan}).
 * <ol>
 * <li>ikd on both gateways, IPv4 LANs;
 * <li>ikd on both, the IPv6 LANs too, as a second filter of the shipped filter list: IPv6 inside
 *     the IPv4 tunnel through the NAT;
 * <li>ikd on both, dual stack as {@link DualStack} has it (the IPv6 LANs in a tunnel between the IPv6
 *     WAN addresses), behind the NAT in both families (masquerade for IPv6 too: NAT66);
 * <li>ikd behind the NAT, strongSwan's charon on gateway B (kernel-libipsec);
 * <li>charon behind the NAT on gateway A, initiating; ikd on gateway B.
 * </ol>
 */
class SiteToSiteNatIT {
    private static final String LAN_FILTER_A = "{ source = \"198.18.10.0/24\", destination = \"198.18.20.0/24\" },";
    private static final String LAN_FILTER_B = "{ source = \"198.18.20.0/24\", destination = \"198.18.10.0/24\" },";

    @TempDir
    Path dir;

    private interface Start {
        void run() throws Exception;
    }

    @BeforeEach
    void needsRootAndTools() throws Exception {
        assumeTrue(SiteTraffic.rootAnd("iperf3", "ping", "tshark", "nft"), "needs root, iperf3, ping, tshark and nft");
    }

    @Test
    void ikdBehindNatToIkd() throws Exception {
        try (SiteToSite lab = SiteToSite.create("bd-ni", SiteRouter.nat(), dir.resolve("bed"));
             IkdNode a = ShippedSiteToSite.gatewayA(lab, dir);
             IkdNode b = ShippedSiteToSite.gatewayBFacing(lab, dir, SiteRouter.NAT_ADDRESS)) {
            a.awaitReady();
            b.awaitReady();
            NatWan wan = crossCaptured(lab, false, () -> SiteTraffic.report("host A -> host B (gateway A initiates)",
                    SiteTraffic.ping(lab.hostA, SiteToSite.HOST_B)), () -> a.oakleyLog() + "\n== gateway B\n" + b.oakleyLog());
            assertTrue(wan.espInUdp() > 1000 && wan.ike500() >= 2, wan.toString());
            bothSawTheNat(a, b);
        }
    }

    @Test
    void ipv6LansInsideTheIpv4TunnelBehindNat() throws Exception {
        try (SiteToSite lab = SiteToSite.create("bd-n6", SiteRouter.nat(), dir.resolve("bed"));
             IkdNode a = ShippedSiteToSite.launchPolicy(lab.gatewayA, dir.resolve("a"), withIpv6Lans(
                     ShippedSiteToSite.shipped("site-to-site.toml"), LAN_FILTER_A, DualStack.LAN_A6, DualStack.LAN_B6), "gateway-b.psk");
             IkdNode b = ShippedSiteToSite.launchPolicy(lab.gatewayB, dir.resolve("b"), withIpv6Lans(ShippedSiteToSite.facing(
                     ShippedSiteToSite.shipped("site-to-site-b.toml"), SiteRouter.NAT_ADDRESS), LAN_FILTER_B, DualStack.LAN_B6,
                     DualStack.LAN_A6), "gateway-a.psk")) {
            a.awaitReady();
            b.awaitReady();
            NatWan wan = crossCaptured(lab, true, () -> SiteTraffic.report("host A -> host B, IPv6 (gateway A initiates)",
                    SiteTraffic.ping(lab.hostA, SiteToSite.HOST_B6)), () -> a.oakleyLog() + "\n== gateway B\n" + b.oakleyLog());
            assertTrue(wan.espInUdp() > 1000, wan.toString());
            String qm = a.ikdctl("show", "qm");
            SiteTraffic.report("ikdctl show qm on gateway A", qm);
            assertEquals(2, qm.split("tunnel/udp", -1).length - 1, "one pair per filter, both in UDP:\n" + qm);
            bothSawTheNat(a, b);
        }
    }

    @Test
    void dualStackBehindTheNatInBothFamilies() throws Exception {
        try (SiteToSite lab = SiteToSite.create("bd-nd", SiteRouter.nat(), dir.resolve("bed"));
             IkdNode a = DualStack.gatewayA(lab, dir);
             IkdNode b = ShippedSiteToSite.launchPolicy(lab.gatewayB, dir.resolve("b"), dualStackFacingTheNat(), "gateway-a.psk")) {
            a.awaitReady();
            b.awaitReady();
            NatWan wan = crossCaptured(lab, true, () -> {
                SiteTraffic.report("host A -> host B, IPv6 (gateway A initiates)", SiteTraffic.ping(lab.hostA, SiteToSite.HOST_B6));
                SiteTraffic.report("host A -> host B, IPv4 (gateway A initiates)", SiteTraffic.ping(lab.hostA, SiteToSite.HOST_B));
            }, () -> a.oakleyLog() + "\n== gateway B\n" + b.oakleyLog());
            // 8 pings and their replies over IPv4, a TCP transfer of megabytes over IPv6
            assertTrue(wan.espInUdp6() > 1000 && wan.espInUdp() - wan.espInUdp6() >= 16, wan.toString());
            String qm = a.ikdctl("show", "qm");
            SiteTraffic.report("ikdctl show qm on gateway A", qm);
            assertEquals(2, qm.split("tunnel/udp", -1).length - 1, "one pair per family, both in UDP:\n" + qm);
            String mm = b.ikdctl("show", "mm");
            SiteTraffic.report("ikdctl show mm on gateway B", mm);
            assertTrue(mm.contains(SiteRouter.NAT_ADDRESS) && mm.contains(SiteRouter.NAT_ADDRESS6), mm);
        }
    }

    @Test
    void ikdBehindNatToCharon() throws Exception {
        assumeTrue(Charon.installed(), "strongSwan is not installed (.ci/run installs it)");
        try (SiteToSite lab = SiteToSite.create("bd-nc", SiteRouter.nat(), dir.resolve("bed"));
             IkdNode a = ShippedSiteToSite.gatewayA(lab, dir);
             Charon b = Charon.start(lab.gatewayB, dir.resolve("charon"),
                     SiteToSiteCharonIT.charonMirrorFacing(SiteRouter.NAT_ADDRESS))) {
            a.awaitReady();
            NatWan wan = crossCaptured(lab, false, () -> SiteTraffic.report("host A -> host B (ikd initiates)",
                    SiteTraffic.ping(lab.hostA, SiteToSite.HOST_B)), () -> a.oakleyLog() + "\n== charon\n" + b.log());
            assertTrue(wan.espInUdp() > 1000 && wan.ike500() >= 2, wan.toString());
            String sas = b.listSas();
            SiteTraffic.report("swanctl --list-sas on gateway B", sas);
            assertTrue(sas.contains(SiteRouter.NAT_ADDRESS) && sas.contains("INSTALLED, TUNNEL-in-UDP"), sas);
            assertTrue(b.log().contains("remote host is behind NAT"), "charon saw the NAT");
            assertTrue(a.oakleyLog().contains("we are behind a NAT"), a.oakleyLog());
        }
    }

    @Test
    void charonBehindNatToIkd() throws Exception {
        assumeTrue(Charon.installed(), "strongSwan is not installed (.ci/run installs it)");
        try (SiteToSite lab = SiteToSite.create("bd-cn", SiteRouter.nat(), dir.resolve("bed"));
             Charon a = Charon.start(lab.gatewayA, dir.resolve("charon"), SiteToSiteCharonIT.charonAsGatewayA());
             IkdNode b = ShippedSiteToSite.gatewayBFacing(lab, dir, SiteRouter.NAT_ADDRESS)) {
            b.awaitReady();
            NatWan wan = crossCaptured(lab, false, () -> SiteToSiteCharonIT.initiate(a, b, "ikd", "net"),
                    () -> b.oakleyLog() + "\n== charon\n" + a.log());
            assertTrue(wan.espInUdp() > 1000, wan.toString());
            assertTrue(a.listSas().contains("_i*"), "charon initiated:\n" + a.listSas());
            String qm = b.ikdctl("show", "qm");
            SiteTraffic.report("ikdctl show qm on gateway B", qm);
            assertEquals(1, qm.split("tunnel/udp", -1).length - 1, qm);
        }
    }

    /**
     * On the router's link to B: {@code start}, pings both ways (IPv6 and IPv4 when {@code ipv6}), a 2-second
     * iperf3 at most 20 Mbit/s from host A; the capture counted. A failure on the way prints {@code logs}.
     */
    private NatWan crossCaptured(SiteToSite lab, boolean ipv6, Start start, Supplier<String> logs) throws Exception {
        try (WireCapture capture = WireCapture.start(lab.router, SiteToSite.WAN + "b", dir.resolve("wan-b"))) {
            try {
                start.run();
                pingsAndTcp(lab, ipv6);
            } catch (AssertionError e) {
                System.out.println("== logs\n" + logs.get());
                throw e;
            }
            return NatWan.of(capture);
        }
    }

    private void pingsAndTcp(SiteToSite lab, boolean ipv6) throws Exception {
        String hostA = ipv6 ? SiteToSite.HOST_A6 : SiteToSite.HOST_A;
        String hostB = ipv6 ? SiteToSite.HOST_B6 : SiteToSite.HOST_B;
        SiteTraffic.report("host A -> host B " + hostB, SiteTraffic.ping(lab.hostA, hostB));
        SiteTraffic.report("host B -> host A " + hostA, SiteTraffic.ping(lab.hostB, hostA));
        if (ipv6) {
            SiteTraffic.report("host A -> host B, IPv4", SiteTraffic.ping(lab.hostA, SiteToSite.HOST_B));
            SiteTraffic.report("host B -> host A, IPv4", SiteTraffic.ping(lab.hostB, SiteToSite.HOST_A));
        }
        String rate = Iperf.assertTcp(lab.hostA, hostA, lab.hostB, hostB, dir.resolve("iperf"), 2, "20M");
        SiteTraffic.report("iperf3 host A -> host B " + hostB + ", TCP 2 s at most 20 Mbit/s", rate);
    }


    /** Each side's Oakley log says where the NAT is (RFC 3947 §3: NAT-D hashes). */
    private static void bothSawTheNat(IkdNode a, IkdNode b) {
        assertTrue(a.oakleyLog().contains("we are behind a NAT"), a.oakleyLog());
        String mm = b.ikdctl("show", "mm");
        SiteTraffic.report("ikdctl show mm on gateway B", mm);
        assertTrue(mm.contains(SiteRouter.NAT_ADDRESS), "B's Main Mode SA is with the NAT's address:\n" + mm);
    }

    /**
     * Gateway B dual stack ({@link DualStack}'s IPv6 rule added to the shipped file), each rule's
     * tunnel facing the NAT's outside address of its family; the peer IDs stay gateway A's own.
     */
    private static String dualStackFacingTheNat() throws java.io.IOException {
        String facing4 = ShippedSiteToSite.facing(ShippedSiteToSite.shipped("site-to-site-b.toml"), SiteRouter.NAT_ADDRESS);
        String both = DualStack.withIpv6(facing4, SiteToSite.GATEWAY_B, DualStack.GATEWAY_B6, DualStack.GATEWAY_A6,
                DualStack.LAN_B6, DualStack.LAN_A6, "gateway-a.psk");
        return ShippedSiteToSite.changed(both, "tunnel = { remote = \"" + DualStack.GATEWAY_A6 + "\"",
                "tunnel = { remote = \"" + SiteRouter.NAT_ADDRESS6 + "\"");
    }

    /** {@code policy} with the IPv6 LANs as a second filter after {@code ipv4Filter} in the same list. */
    private static String withIpv6Lans(String policy, String ipv4Filter, String mine, String theirs) {
        return ShippedSiteToSite.changed(policy, ipv4Filter,
                ipv4Filter + "\n  { source = \"" + mine + "\", destination = \"" + theirs + "\" },");
    }
}
