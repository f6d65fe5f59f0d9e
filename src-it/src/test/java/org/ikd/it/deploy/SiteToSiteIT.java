package org.ikd.it.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Iperf;
import org.ikd.it.lab.Netns;
import org.ikd.it.lab.SiteToSite;
import org.ikd.it.lab.WireCapture;
import org.ikd.it.lab.WireCapture.Packet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped conf/site-to-site.toml on gateway A and conf/site-to-site-b.toml on gateway B, as
 * shipped (with their example key files), LAN hosts behind both (issue 14, part 2):
 * <ol>
 * <li>LAN host A pings its own gateway's LAN address (cleartext, on its own link);
 * <li>LAN host A pings LAN host B, the first ping included (it waits for Main and Quick Mode);
 * <li>a bounded iperf3 TCP transfer (2 s at most 20 Mbit/s, the capture is decoded) between them;
 * <li>gateway A pings its own LAN host (cleartext) and LAN host B: the daemon routes LAN B with
 *     gateway A's LAN address as source, inside the filter's local side, so that ping is tunneled;
 * <li>the router's link to A carried only ESP and IKE between the gateways, never a LAN address;
 *     gateway A's LAN link carried the same ping and TCP in the clear; A's ESP counters grew;
 * <li>{@code ikdctl diag} fails no check (among them "local networks"); ICMP redirects are off for ikd0;
 * <li>reloaded with the filter reversed, which routes gateway A's own LAN into ikd0, diag fails
 *     "local networks".
 * </ol>
 * The router knows only the two WAN links, so LAN traffic cannot cross it but through the tunnel.
 */
class SiteToSiteIT {
    @TempDir
    Path dir;

    @BeforeEach
    void needsRootAndTools() throws Exception {
        assumeTrue(Iperf.isRoot(), "needs root (namespaces, TUN, raw sockets)");
        for (String tool : List.of("iperf3", "ping", "tshark")) assumeTrue(Command.available(tool), "needs " + tool);
    }

    @Test
    void theShippedFilesTunnelLanToLanAndLeaveEachLanInTheClear() throws Exception {
        try (SiteToSite lab = SiteToSite.create("iks-s2s");
             IkdNode a = ShippedSiteToSite.gatewayA(lab, dir);
             IkdNode b = ShippedSiteToSite.gatewayB(lab, dir)) {
            a.awaitReady();
            b.awaitReady();
            List<Packet> wan;
            List<Packet> lan;
            try (WireCapture wanCapture = WireCapture.start(lab.router, SiteToSite.WAN, dir.resolve("wan"));
                 WireCapture lanCapture = WireCapture.start(lab.gatewayA, SiteToSite.LAN, dir.resolve("lan"))) {
                report("host A -> gateway A (LAN)", ping(lab.hostA, SiteToSite.GATEWAY_A_LAN));
                report("host A -> host B", ping(lab.hostA, SiteToSite.HOST_B));
                String rate = Iperf.assertTcp(lab.hostA, SiteToSite.HOST_A, lab.hostB, SiteToSite.HOST_B, dir.resolve("iperf"), 2, "20M");
                report("iperf3 host A -> host B, TCP 2 s at most 20 Mbit/s", rate);
                report("gateway A -> host A", ping(lab.gatewayA, SiteToSite.HOST_A));
                report("gateway A -> host B", ping(lab.gatewayA, SiteToSite.HOST_B));
                wan = wanCapture.stop();
                lan = lanCapture.stop();
            }
            onlyEspAndIkeBetweenTheGateways(wan);
            lanTrafficInTheClear(lan);
            espCountersGrew(a);
            String diag = a.ikdctl("diag");
            assertTrue(diag.contains("local networks") && !diag.contains("FAIL"), diag);
            for (String device : List.of("ikd0", "all"))
                assertEquals("0", sysctl(lab.gatewayA, "net.ipv4.conf." + device + ".send_redirects"), device);
            diagFindsTheLanRoutedIntoTheTun(a);
        }
    }

    /**
     * The filter written the other way round ("their LAN -> my LAN"): its destination, gateway A's
     * own LAN, is taken as the remote side and routed into ikd0 (the shape of issue 14's bug);
     * {@code ikdctl diag} must say so, naming the LAN and its device.
     */
    private static void diagFindsTheLanRoutedIntoTheTun(IkdNode a) throws IOException {
        String shipped = Files.readString(a.dir().resolve("policy.toml"));
        String reversed = shipped.replace("{ source = \"198.18.10.0/24\", destination = \"198.18.20.0/24\" }",
                "{ source = \"198.18.20.0/24\", destination = \"198.18.10.0/24\" }");
        assertTrue(!reversed.equals(shipped), "the shipped filter changed: " + shipped);
        a.reload(reversed);
        String diag = a.ikdctl("diag");
        assertTrue(diag.contains("FAIL") && diag.contains(SiteToSite.LAN_A + " on " + SiteToSite.LAN), diag);
        report("ikdctl diag on gateway A, filter reversed", diag);
    }

    /**
     * 1500-byte LAN links, both LAN hosts drop ICMP "fragmentation needed" (a PMTUD black hole,
     * RFC 2923 §2.1): a 4 MB TCP transfer still completes, because each gateway clamps the MSS of
     * the SYNs it forwards into ikd0 to its MTU (1400 - 40); the SYN-ACK host A receives says so.
     */
    @Test
    void tcpBetween1500ByteLansNeedsNoIcmpFromTheGateways() throws Exception {
        try (SiteToSite lab = SiteToSite.create("iks-mss");
             IkdNode a = ShippedSiteToSite.gatewayA(lab, dir);
             IkdNode b = ShippedSiteToSite.gatewayB(lab, dir)) {
            a.awaitReady();
            b.awaitReady();
            for (Netns host : List.of(lab.hostA, lab.hostB)) {
                assertTrue(host.ip("link", "show", SiteToSite.LAN).contains("mtu 1500"), host.ip("link", "show", SiteToSite.LAN));
                dropFragmentationNeeded(host);
            }
            ping(lab.hostA, SiteToSite.HOST_B);
            List<String[]> synAcks;
            try (WireCapture lan = WireCapture.start(lab.gatewayA, SiteToSite.LAN, dir.resolve("lan-mss"))) {
                report("iperf3 -n 4M host A -> host B, ICMP dropped", transfer(lab.hostA, lab.hostB, dir.resolve("iperf-mss")));
                synAcks = lan.rows(null, "ip.src == " + SiteToSite.HOST_B + " && tcp.flags.syn == 1 && tcp.flags.ack == 1",
                        "tcp.options.mss_val");
            }
            assertTrue(!synAcks.isEmpty(), "no SYN-ACK from host B on LAN A");
            for (String[] row : synAcks) assertEquals("1360", row[0], "MSS host A was offered");
        }
    }

    /**
     * RFC 4301 §8.1 and §8.2 with a 1400-byte WAN link between gateway A and the router. The largest
     * inner packet that fits, from the RFC layouts of the shipped proposal (aes256gcm16, tunnel):
     * 20 (outer IPv4) + 8 (SPI, sequence) + 8 (IV, RFC 4106 §3.1) + roundUp4(N + 2) (RFC 4303 §2.4) +
     * 16 (ICV) <= 1400, so N = 1346.
     * <ol>
     * <li>a 1500-byte ping without DF from host A gets through: ikd cuts what no longer fits;
     * <li>a 1500-byte ping with DF: host A hears "frag needed" from gateway A's kernel for ikd0 (1400);
     * <li>a 1400-byte ping with DF (fits ikd0, not the WAN after ESP): host A hears it from ikd, mtu = 1346;
     * <li>a ping of 1346 bytes with DF gets through;
     * <li>host A's learned path MTU flushed, a 4 MB TCP transfer completes: its 1400-byte segments (MSS
     *     clamped to ikd0's 1400 - 40) are answered and host A's TCP lowers its segments (RFC 1191 PMTUD).
     * </ol>
     */
    @Test
    void packetsTooBigForTheWanAfterEspAreAnsweredOrFragmented() throws Exception {
        try (SiteToSite lab = narrowWanA(SiteToSite.create("ikp-pmtu"), 1400);
             IkdNode a = ShippedSiteToSite.gatewayA(lab, dir);
             IkdNode b = ShippedSiteToSite.gatewayB(lab, dir)) {
            a.awaitReady();
            b.awaitReady();
            ping(lab.hostA, SiteToSite.HOST_B);
            String sa = a.ikdctl("show", "qm");
            assertTrue(sa.toLowerCase().contains("gcm"), "the shipped first proposal, AES-GCM-16:\n" + sa);
            report("ping -M dont -s 1472 host A -> host B", ping(lab.hostA, SiteToSite.HOST_B, "-M", "dont", "-s", "1472"));
            String viaTun = pingRefused(lab.hostA, "1472");
            assertTrue(viaTun.contains("mtu = 1400"), "gateway A's kernel, ikd0 at 1400:\n" + viaTun);
            String viaEsp = pingRefused(lab.hostA, "1372");
            assertTrue(viaEsp.contains("Frag needed and DF set (mtu = 1346)"), "ikd, after ESP:\n" + viaEsp);
            report("ping -M do -s 1372: ikd answers", viaEsp);
            report("ping -M do -s 1318 host A -> host B", ping(lab.hostA, SiteToSite.HOST_B, "-M", "do", "-s", "1318"));
            long answeredBefore = answered(a);
            lab.hostA.ip("route", "flush", "cache");                  // forget the 1346 learned by ping
            report("iperf3 -n 4M host A -> host B over a 1400-byte WAN", transfer(lab.hostA, lab.hostB, dir.resolve("iperf-pmtu")));
            assertTrue(answered(a) > answeredBefore, "TCP's first full segments were answered");
        }
    }

    /** Gateway A's {@code path-mtu-exceeded} drops (each answered with an ICMP error). */
    private static long answered(IkdNode a) {
        String stats = a.ikdctl("show", "stats", "--json");
        Matcher m = Pattern.compile("\"path-mtu-exceeded\"\\s*:\\s*(\\d+)").matcher(stats);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** Gateway A's WAN link (both ends: gateway A and the router) at {@code mtu}. */
    private static SiteToSite narrowWanA(SiteToSite lab, int mtu) {
        lab.gatewayA.ip("link", "set", SiteToSite.WAN, "mtu", Integer.toString(mtu));
        lab.router.ip("link", "set", SiteToSite.WAN, "mtu", Integer.toString(mtu));
        return lab;
    }

    /** {@code ping -M do -c 2 -s size} to host B, which must fail; its output (ICMP errors are printed). */
    private static String pingRefused(Netns from, String size) {
        Command.Result r = from.exec(30, "ping", "-M", "do", "-c", "2", "-i", "0.3", "-W", "2", "-s", size, SiteToSite.HOST_B);
        String out = r.stdout() + r.stderr();
        assertTrue(r.exitCode() != 0, out);
        return out;
    }

    private static void dropFragmentationNeeded(Netns host) throws IOException {
        Path rules = Files.createTempFile("iks-icmp", ".nft");
        try {
            Files.writeString(rules, """
                    table inet iksblackhole {
                        chain input {
                            type filter hook input priority 0; policy accept;
                            icmp type destination-unreachable icmp code frag-needed drop
                            icmpv6 type packet-too-big drop
                        }
                    }
                    """);
            host.exec(10, "nft", "-f", rules.toString()).orThrow(List.of("nft -f", rules.toString()));
        } finally {
            Files.deleteIfExists(rules);
        }
    }

    /** {@code iperf3 -n 4M} from host A to a one-shot server on host B; every wait bounded. */
    private static String transfer(Netns client, Netns server, Path out) throws Exception {
        Files.createDirectories(out);
        List<String> argv = new ArrayList<>(server.execPrefix());
        argv.addAll(List.of("iperf3", "-s", "-1", "-B", SiteToSite.HOST_B, "-p", "5201"));
        Process s = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.resolve("server.out").toFile()).start();
        try {
            Command.Result r = null;
            for (int attempt = 0; attempt < 10; attempt++) {
                IkdNode.sleep(300);
                r = client.exec(40, "iperf3", "-c", SiteToSite.HOST_B, "-B", SiteToSite.HOST_A, "-p", "5201", "-n", "4M");
                if (r.exitCode() == 0 || !(r.stdout() + r.stderr()).contains("connect")) break;
            }
            assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
            return r.stdout();
        } finally {
            s.destroy();
            if (!s.waitFor(5, TimeUnit.SECONDS)) s.destroyForcibly();
        }
    }


    /** {@code ping -c 3}; asserts every reply came back, the first one included. */
    private static String ping(Netns from, String to, String... options) {
        List<String> argv = new ArrayList<>(List.of("ping", "-c", "3", "-i", "0.3", "-W", "5"));
        argv.addAll(List.of(options));
        argv.add(to);
        Command.Result r = from.exec(60, argv.toArray(String[]::new));
        String out = r.stdout() + r.stderr();
        assertEquals(0, r.exitCode(), out);
        assertTrue(out.contains("icmp_seq=1 ") && out.contains(" 0% packet loss"), out);
        return out;
    }

    private static void onlyEspAndIkeBetweenTheGateways(List<Packet> wan) {
        long esp = 0;
        for (Packet p : wan) {
            assertTrue(p.between(SiteToSite.GATEWAY_A, SiteToSite.GATEWAY_B) && (p.protocol() == 50 || p.isIke()),
                    "only ESP (50) and IKE between the gateways on the WAN: " + p);
            if (p.protocol() == 50) esp++;
        }
        // 3 + 3 pings and their replies, and a TCP transfer of megabytes
        assertTrue(esp > 1000, esp + " ESP packets on the WAN");
        System.out.println("WAN (router side of gateway A): " + wan.size() + " IPv4 packets, " + esp + " ESP, the rest IKE");
    }

    private static void lanTrafficInTheClear(List<Packet> lan) {
        assertTrue(lan.stream().anyMatch(p -> p.between(SiteToSite.HOST_A, SiteToSite.HOST_B) && p.protocol() == 1), "ICMP A <-> B on LAN A");
        assertTrue(lan.stream().anyMatch(p -> p.between(SiteToSite.HOST_A, SiteToSite.HOST_B) && p.protocol() == 6), "TCP A <-> B on LAN A");
        assertTrue(lan.stream().anyMatch(p -> p.between(SiteToSite.GATEWAY_A_LAN, SiteToSite.HOST_A) && p.protocol() == 1),
                "ICMP gateway A <-> host A on LAN A");
        assertTrue(lan.stream().noneMatch(p -> p.protocol() == 50 || p.isIke()), "no ESP or IKE on the LAN");
    }

    private static void espCountersGrew(IkdNode a) {
        String stats = a.ikdctl("show", "stats", "--json");
        Matcher sent = Pattern.compile("\"confidentialBytesSent\"\\s*:\\s*(\\d+)").matcher(stats);
        assertTrue(sent.find() && Long.parseLong(sent.group(1)) > 1_000_000, "the TCP transfer went out through ESP:\n" + stats);
    }

    private static String sysctl(Netns ns, String key) {
        return ns.exec(10, "sysctl", "-n", key).orThrow(List.of("sysctl", key)).stdout().strip();
    }

    private static void report(String what, String out) {
        System.out.println("== " + what + "\n" + out.strip());
    }
}
