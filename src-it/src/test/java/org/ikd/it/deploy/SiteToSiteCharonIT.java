package org.ikd.it.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.ikd.it.lab.Charon;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Iperf;
import org.ikd.it.lab.SiteToSite;
import org.ikd.it.lab.SwanctlConf;
import org.ikd.it.lab.WireCapture;
import org.ikd.it.lab.WireCapture.Packet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped conf/site-to-site.toml on gateway A, as shipped, against strongSwan's charon on
 * gateway B (kernel-libipsec, STRONGSWAN.md) with the mirror image of conf/site-to-site-b.toml in
 * swanctl.conf: LAN B 198.18.20.0/24 to LAN A 198.18.10.0/24, the same Main Mode and ESP methods
 * with PFS, the same example PSK (issue 14 part 1). libipsec speaks only ESP in UDP 4500 and says
 * so by a faked NAT-D hash (RFC 3947 §3.2), which the shipped rule's {@code nat-traversal = "auto"}
 * follows. charon routes LAN A into its TUN device ipsec0 (routing table 220), so forwarded LAN
 * traffic reaches its SAs as it reaches ikd0 on gateway A. Both directions of initiation: ikd by
 * host A's first ping, charon by {@code swanctl --initiate}; then pings both ways, a bounded iperf3
 * from host A to host B, and the router's link to A carried only IKE and ESP in UDP between the
 * gateways.
 */
class SiteToSiteCharonIT {
    @TempDir
    Path dir;

    @BeforeEach
    void needsRootCharonAndTools() throws Exception {
        assumeTrue(SiteTraffic.rootAnd("iperf3", "ping", "tshark"), "needs root, iperf3, ping and tshark");
        assumeTrue(Charon.installed(), "strongSwan is not installed (.ci/run installs it)");
    }

    @Test
    void ikdInitiatesFromTheFirstLanPacket() throws Exception {
        try (SiteToSite lab = SiteToSite.create("ikw-sci");
             IkdNode a = ShippedSiteToSite.gatewayA(lab, dir);
             Charon b = Charon.start(lab.gatewayB, dir.resolve("charon"), charonMirror())) {
            a.awaitReady();
            lanToLanThroughEspInUdp(lab, a, b, () -> SiteTraffic.report("host A -> host B (ikd initiates)",
                    SiteTraffic.ping(lab.hostA, SiteToSite.HOST_B)));
            // swanctl marks its own side with '*': charon answered as responder
            assertTrue(b.listSas().contains("_r*"), b.listSas());
        }
    }

    @Test
    void charonInitiates() throws Exception {
        try (SiteToSite lab = SiteToSite.create("ikw-scr");
             IkdNode a = ShippedSiteToSite.gatewayA(lab, dir);
             Charon b = Charon.start(lab.gatewayB, dir.resolve("charon"), charonMirror())) {
            a.awaitReady();
            lanToLanThroughEspInUdp(lab, a, b, () -> {
                String out = b.swanctl("--initiate", "--child", "net", "--timeout", "20");
                assertTrue(out.contains("successfully"), out + "\n" + b.log() + "\n" + a.oakleyLog());
                SiteTraffic.report("host B -> host A (charon initiated)", SiteTraffic.ping(lab.hostB, SiteToSite.HOST_A));
            });
            assertTrue(b.listSas().contains("_i*"), b.listSas());
        }
    }

    private interface Start {
        void run() throws Exception;
    }

    private void lanToLanThroughEspInUdp(SiteToSite lab, IkdNode a, Charon b, Start start) throws Exception {
        WireCapture wan = WireCapture.start(lab.router, SiteToSite.WAN, dir.resolve("wan"));
        List<Packet> packets;
        try (wan) {
            start.run();
            SiteTraffic.report("host A -> host B", SiteTraffic.ping(lab.hostA, SiteToSite.HOST_B));
            SiteTraffic.report("host B -> host A", SiteTraffic.ping(lab.hostB, SiteToSite.HOST_A));
            String rate = Iperf.assertTcp(lab.hostA, SiteToSite.HOST_A, lab.hostB, SiteToSite.HOST_B, dir.resolve("iperf"), 2, "20M");
            SiteTraffic.report("iperf3 host A -> host B, TCP 2 s at most 20 Mbit/s", rate);
            packets = wan.stop();
        }
        String qm = a.ikdctl("show", "qm");
        assertTrue(qm.contains("tunnel/udp"), qm);
        String sas = b.listSas();
        assertTrue(sas.contains("INSTALLED") && sas.contains("UDP") && sas.contains(SiteToSite.LAN_A), sas);
        SiteTraffic.report("ikdctl show qm on gateway A", qm);
        SiteTraffic.report("swanctl --list-sas on gateway B", sas);
        onlyIkeAndEspInUdp(packets, wan);
        // outside the capture, without a rate cap: the figures, both ways (bounded to 2 s each)
        SiteTraffic.report("iperf3 host A -> host B, TCP 2 s", Iperf.assertTcp(lab.hostA, SiteToSite.HOST_A, lab.hostB,
                SiteToSite.HOST_B, dir.resolve("iperf-ab"), 2));
        SiteTraffic.report("iperf3 host B -> host A, TCP 2 s", Iperf.assertTcp(lab.hostB, SiteToSite.HOST_B, lab.hostA,
                SiteToSite.HOST_A, dir.resolve("iperf-ba"), 2));
    }

    /** Every IPv4 packet on the router's link to A is UDP 500/4500 between the gateways, never protocol 50. */
    private static void onlyIkeAndEspInUdp(List<Packet> wan, WireCapture capture) throws IOException, InterruptedException {
        for (Packet p : wan)
            assertTrue(p.between(SiteToSite.GATEWAY_A, SiteToSite.GATEWAY_B) && p.isIke(),
                    "only IKE and ESP in UDP 500/4500 between the gateways on the WAN: " + p);
        int esp = capture.rows(null, "udp.port == 4500 && esp", "frame.number").size();
        int ike = capture.rows(null, "isakmp", "frame.number").size();
        int otherIpv6 = capture.rows(null, "ipv6 && !icmpv6", "frame.number").size();
        System.out.printf("WAN (router side of gateway A): %d IPv4 packets, %d ESP in UDP 4500, %d IKE; %d IPv6 but ND%n",
                wan.size(), esp, ike, otherIpv6);
        assertTrue(esp > 1000, esp + " ESP-in-UDP packets: 3 + 3 pings, their replies and a TCP transfer of megabytes");
        assertTrue(otherIpv6 == 0, otherIpv6 + " IPv6 packets (neither ND nor MLD) on the WAN");
    }

    /**
     * conf/site-to-site-b.toml in swanctl.conf: Main Mode aes256-sha256-modp3072 or
     * aes128-sha256-modp2048, ESP aes256gcm16 or aes128-sha256 with PFS in modp3072.
     */
    static String charonMirror() throws IOException {
        return new SwanctlConf(SiteToSite.GATEWAY_B, SiteToSite.GATEWAY_A, SiteToSite.LAN_B, SiteToSite.LAN_A,
                "aes256-sha256-modp3072,aes128-sha256-modp2048", "aes256gcm16-modp3072,aes128-sha256-modp3072",
                SiteTraffic.shippedPsk(), "none").render();
    }
}
