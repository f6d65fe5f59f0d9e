package org.ikd.it.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.ikd.it.lab.Charon;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Iperf;
import org.ikd.it.lab.SiteToSite;
import org.ikd.it.lab.SwanctlConf;
import org.ikd.it.lab.WireCapture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped conf/site-to-site.toml on gateway A, as shipped, against strongSwan's charon on
 * gateway B (kernel-libipsec, STRONGSWAN.md) with the mirror image of conf/site-to-site-b.toml in
 * swanctl.conf: LAN B 198.18.20.0/24 to LAN A 198.18.10.0/24, the same Main Mode and ESP methods
 * with PFS, the same example PSK (issue 14 parts 1 and 4). libipsec speaks only ESP in UDP 4500 and
 * says so by a faked NAT-D hash (RFC 3947 §3.2), which the shipped rule's {@code nat-traversal =
 * "auto"} follows. charon routes LAN A into its TUN device ipsec0 (routing table 220), so forwarded
 * LAN traffic reaches its SAs as it reaches ikd0 on gateway A. Both directions of initiation (ikd by
 * host A's first ping, charon by {@code swanctl --initiate}), over IPv4 alone and dual stack
 * ({@link DualStack}'s policy; charon gets a second connection between the IPv6 WAN addresses):
 * pings both ways in every family, a bounded iperf3, and the router's link to A carried only IKE and
 * ESP in UDP between the gateways.
 */
class SiteToSiteCharonIT {
    private static final String MAIN_MODE = "aes256-sha256-modp3072,aes128-sha256-modp2048";
    private static final String ESP = "aes256gcm16-modp3072,aes128-sha256-modp3072";

    @TempDir
    Path dir;

    private interface Start {
        void run() throws Exception;
    }

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
            lanToLan(lab, a, b, false, () -> SiteTraffic.report("host A -> host B (ikd initiates)",
                    SiteTraffic.ping(lab.hostA, SiteToSite.HOST_B)));
            // swanctl marks its own side's cookie with '*': charon answered
            assertTrue(b.listSas().contains("_r*"), b.listSas());
        }
    }

    @Test
    void charonInitiates() throws Exception {
        try (SiteToSite lab = SiteToSite.create("ikw-scr");
             IkdNode a = ShippedSiteToSite.gatewayA(lab, dir);
             Charon b = Charon.start(lab.gatewayB, dir.resolve("charon"), charonMirror())) {
            a.awaitReady();
            lanToLan(lab, a, b, false, () -> {
                initiate(b, a, "ikd", "net");
                SiteTraffic.report("host B -> host A (charon initiated)", SiteTraffic.ping(lab.hostB, SiteToSite.HOST_A));
            });
            assertTrue(b.listSas().contains("_i*"), b.listSas());
        }
    }

    @Test
    void dualStackIkdInitiatesInBothFamilies() throws Exception {
        try (SiteToSite lab = SiteToSite.create("ikw-sc6i");
             IkdNode a = DualStack.gatewayA(lab, dir);
             Charon b = Charon.start(lab.gatewayB, dir.resolve("charon"), charonMirror() + charonMirror6())) {
            a.awaitReady();
            lanToLan(lab, a, b, true, () -> {
                SiteTraffic.report("host A -> host B, IPv6 (ikd initiates)", SiteTraffic.ping(lab.hostA, SiteToSite.HOST_B6));
                SiteTraffic.report("host A -> host B, IPv4 (ikd initiates)", SiteTraffic.ping(lab.hostA, SiteToSite.HOST_B));
            });
            String sas = b.listSas();
            assertEquals(2, sas.split("_r\\*", -1).length - 1, "charon answered both Main Modes:\n" + sas);
        }
    }

    @Test
    void dualStackCharonInitiatesInBothFamilies() throws Exception {
        try (SiteToSite lab = SiteToSite.create("ikw-sc6r");
             IkdNode a = DualStack.gatewayA(lab, dir);
             Charon b = Charon.start(lab.gatewayB, dir.resolve("charon"), charonMirror() + charonMirror6())) {
            a.awaitReady();
            lanToLan(lab, a, b, true, () -> {
                initiate(b, a, "ikd6", "net6");
                initiate(b, a, "ikd", "net");
                SiteTraffic.report("host B -> host A, IPv6 (charon initiated)", SiteTraffic.ping(lab.hostB, SiteToSite.HOST_A6));
                SiteTraffic.report("host B -> host A, IPv4 (charon initiated)", SiteTraffic.ping(lab.hostB, SiteToSite.HOST_A));
            });
            String sas = b.listSas();
            assertEquals(2, sas.split("_i\\*", -1).length - 1, "charon initiated both Main Modes:\n" + sas);
        }
    }

    /**
     * {@code start} sets the tunnels up; then {@link #crossCaptured}: only IKE and ESP in UDP between
     * the gateways. Both sides hold their SAs on UDP; outside the capture, without a rate cap, an
     * iperf3 each way for the figures (over IPv6 when {@code dual}).
     */
    private void lanToLan(SiteToSite lab, IkdNode a, Charon b, boolean dual, Start start) throws Exception {
        String hostA = dual ? SiteToSite.HOST_A6 : SiteToSite.HOST_A;
        String hostB = dual ? SiteToSite.HOST_B6 : SiteToSite.HOST_B;
        SiteTraffic.Wan wan = crossCaptured(lab, a, b, dual, start);
        assertEquals(wan.esp4() + wan.esp6(), wan.espInUdp(), "ESP only in UDP (libipsec): " + wan);
        // 4 or 8 pings and their replies, and a TCP transfer of megabytes in one family
        assertTrue(wan.esp4() >= 8 && (dual ? wan.esp6() > 1000 : wan.esp4() > 1000), wan.toString());
        String qm = a.ikdctl("show", "qm");
        SiteTraffic.report("ikdctl show qm on gateway A", qm);
        assertEquals(dual ? 2 : 1, qm.split("tunnel/udp", -1).length - 1, qm);
        String sas = b.listSas();
        SiteTraffic.report("swanctl --list-sas on gateway B", sas);
        assertEquals(dual ? 2 : 1, sas.split("INSTALLED, TUNNEL-in-UDP", -1).length - 1, sas);
        SiteTraffic.report("iperf3 host A -> host B " + hostB + ", TCP 2 s",
                Iperf.assertTcp(lab.hostA, hostA, lab.hostB, hostB, dir.resolve("iperf-ab"), 2));
        SiteTraffic.report("iperf3 host B -> host A " + hostA + ", TCP 2 s",
                Iperf.assertTcp(lab.hostB, hostB, lab.hostA, hostA, dir.resolve("iperf-ba"), 2));
    }

    /**
     * On the router's link to A: {@code start}, pings both ways in IPv4 (and IPv6 when {@code dual}),
     * a 2-second iperf3 capped at 20 Mbit/s from host A (over IPv6 when {@code dual}); the capture
     * counted. A failed start or ping prints both daemons' logs and gateway B's IPv6 routes.
     */
    private SiteTraffic.Wan crossCaptured(SiteToSite lab, IkdNode a, Charon b, boolean dual, Start start) throws Exception {
        try (WireCapture capture = WireCapture.start(lab.router, SiteToSite.WAN, dir.resolve("wan"))) {
            try {
                start.run();
                SiteTraffic.report("host A -> host B", SiteTraffic.ping(lab.hostA, SiteToSite.HOST_B));
                SiteTraffic.report("host B -> host A", SiteTraffic.ping(lab.hostB, SiteToSite.HOST_A));
                if (dual) {
                    SiteTraffic.report("host A -> host B, IPv6", SiteTraffic.ping(lab.hostA, SiteToSite.HOST_B6));
                    SiteTraffic.report("host B -> host A, IPv6", SiteTraffic.ping(lab.hostB, SiteToSite.HOST_A6));
                }
            } catch (AssertionError e) {
                System.out.println("== ikd's Oakley log\n" + a.oakleyLog() + "\n== ikd's counters\n" + a.ikdctl("show", "stats")
                        + "\n== charon's log\n" + b.log()
                        + "\n== gateway B's IPv6 routes\n" + lab.gatewayB.ip("-6", "route", "show", "table", "all"));
                throw e;
            }
            String hostA = dual ? SiteToSite.HOST_A6 : SiteToSite.HOST_A;
            String hostB = dual ? SiteToSite.HOST_B6 : SiteToSite.HOST_B;
            String rate = Iperf.assertTcp(lab.hostA, hostA, lab.hostB, hostB, dir.resolve("iperf"), 2, "20M");
            SiteTraffic.report("iperf3 host A -> host B " + hostB + ", TCP 2 s at most 20 Mbit/s", rate);
            return SiteTraffic.onlyIkeAndEspBetweenTheGateways(capture, DualStack.GATEWAY_A6, DualStack.GATEWAY_B6);
        }
    }

    static void initiate(Charon b, IkdNode a, String ike, String child) {
        String out = b.swanctl("--initiate", "--ike", ike, "--child", child, "--timeout", "20");
        assertTrue(out.contains("successfully"), out + "\n" + b.log() + "\n" + a.oakleyLog());
    }

    /**
     * conf/site-to-site-b.toml in swanctl.conf: Main Mode aes256-sha256-modp3072 or
     * aes128-sha256-modp2048, ESP aes256gcm16 or aes128-sha256 with PFS in modp3072.
     */
    static String charonMirror() throws IOException {
        return new SwanctlConf(SiteToSite.GATEWAY_B, SiteToSite.GATEWAY_A, SiteToSite.LAN_B, SiteToSite.LAN_A,
                MAIN_MODE, ESP, SiteTraffic.shippedPsk(), "none").render();
    }

    /**
     * {@link #charonMirror()} expecting gateway A at {@code remote} (the outside address of a NAT in
     * front of it), identified by its own address as shipped ({@code local-id = "198.18.0.1"}).
     */
    static String charonMirrorFacing(String remote) throws IOException {
        return new SwanctlConf(SiteToSite.GATEWAY_B, remote, SiteToSite.LAN_B, SiteToSite.LAN_A, MAIN_MODE, ESP,
                SiteTraffic.shippedPsk(), "none").render()
                .replace("id = " + remote, "id = " + SiteToSite.GATEWAY_A).replace("id-b = " + remote, "id-b = " + SiteToSite.GATEWAY_A);
    }

    /** conf/site-to-site.toml in swanctl.conf, for charon on gateway A (same methods, same key). */
    static String charonAsGatewayA() throws IOException {
        return new SwanctlConf(SiteToSite.GATEWAY_A, SiteToSite.GATEWAY_B, SiteToSite.LAN_A, SiteToSite.LAN_B, MAIN_MODE, ESP,
                SiteTraffic.shippedPsk(), "none").render();
    }

    /**
     * The same between the gateways' IPv6 WAN addresses for the IPv6 LANs, as connection ikd6 with
     * child net6 (strongSwan merges the second connections and secrets sections into the first).
     */
    static String charonMirror6() throws IOException {
        return new SwanctlConf(DualStack.GATEWAY_B6, DualStack.GATEWAY_A6, DualStack.LAN_B6, DualStack.LAN_A6,
                MAIN_MODE, ESP, SiteTraffic.shippedPsk(), "none").render()
                .replace("    ikd {", "    ikd6 {").replace("    net {", "    net6 {").replace("ike-ikd {", "ike-ikd6 {");
    }
}
