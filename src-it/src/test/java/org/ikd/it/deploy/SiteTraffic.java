package org.ikd.it.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Iperf;
import org.ikd.it.lab.Netns;
import org.ikd.it.lab.SiteToSite;
import org.ikd.it.lab.WireCapture;

/**
 * What the deployment ITs against charon and over IPv6 share: pings that must all come back, the
 * example PSK, the count of what crossed the router's link to gateway A, and the report lines.
 */
final class SiteTraffic {
    /**
     * The packets on the WAN link, ND, MLD and ARP aside: ESP by family of the outer header, how
     * many of those in UDP (RFC 3948), and IKE (UDP 500 or 4500, not ESP).
     */
    record Wan(int packets, int esp4, int esp6, int espInUdp, int ike) {
        @Override
        public String toString() {
            return "%d packets (ND, MLD and ARP aside): %d ESP over IPv4, %d ESP over IPv6, %d of them in UDP 4500, %d IKE"
                    .formatted(packets, esp4, esp6, espInUdp, ike);
        }
    }

    private static final Pattern RECEIVED = Pattern.compile("(\\d+) received");

    private SiteTraffic() {}

    /**
     * {@code ping -c 3} (ping decides the family by {@code to}); asserts every reply came back, the
     * first one included. {@code -W 15}: while no reply has come, ping waits up to 15 s, time for
     * Main Mode and Quick Mode with two MODP-3072 exchanges on a loaded two-core machine (the
     * gateway holds the pings meanwhile); once one came, it waits two round trips.
     */
    static String ping(Netns from, String to) {
        Command.Result r = from.exec(60, "ping", "-n", "-c", "3", "-i", "0.3", "-W", "15", to);
        String out = r.stdout() + r.stderr();
        assertEquals(0, r.exitCode(), out);
        assertTrue(out.contains("icmp_seq=1 ") && out.contains(" 0% packet loss"), out);
        return out;
    }

    /**
     * Stops {@code capture} and counts its packets; asserts that each (ND, MLD and ARP aside) is
     * IKE or ESP between the gateways' WAN addresses of one family, so never a LAN address in the clear.
     */
    static Wan onlyIkeAndEspBetweenTheGateways(WireCapture capture, String gatewayA6, String gatewayB6)
            throws IOException, InterruptedException {
        List<String[]> rows = capture.rows(null, "!icmpv6 && !arp", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst", "udp.port", "esp.spi");
        int esp4 = 0;
        int esp6 = 0;
        int inUdp = 0;
        int ike = 0;
        for (String[] p : rows) {
            boolean v4 = between(p[0], p[1], SiteToSite.GATEWAY_A, SiteToSite.GATEWAY_B);
            boolean v6 = between(p[2], p[3], gatewayA6, gatewayB6);
            boolean udp = List.of(p[4].split(",")).stream().anyMatch(port -> port.equals("500") || port.equals("4500"));
            boolean esp = !p[5].isEmpty();
            assertTrue((v4 || v6) && (udp || esp), "only IKE and ESP between the gateways on the WAN: " + String.join(" ", p));
            if (esp && v4) esp4++;
            if (esp && v6) esp6++;
            if (esp && udp) inUdp++;
            if (!esp) ike++;
        }
        Wan wan = new Wan(rows.size(), esp4, esp6, inUdp, ike);
        System.out.println("WAN (router side of gateway A): " + wan);
        return wan;
    }

    /** Replies to {@link #pings}: how many of how many came back, and ping's output. */
    record Replies(int sent, int received, String text) {}

    /** {@code ping -c count -i interval -W 2} (bounded by 120 s); the replies counted, none asserted. */
    static Replies pings(Netns from, int count, String interval, String to) {
        Command.Result r = from.exec(120, "ping", "-n", "-c", Integer.toString(count), "-i", interval, "-W", "2", to);
        String out = r.stdout() + r.stderr();
        Matcher m = RECEIVED.matcher(out);
        return new Replies(count, m.find() ? Integer.parseInt(m.group(1)) : 0, out);
    }

    /** One ping a second until one is answered or {@code seconds} pass (bounded); the seconds it took, or -1. */
    static double firstAnswer(Netns from, String to, int seconds) {
        long start = System.nanoTime();
        for (int i = 0; i < seconds && System.nanoTime() - start < seconds * 1_000_000_000L; i++)
            if (from.exec(10, "ping", "-n", "-c", "1", "-W", "1", to).exitCode() == 0) return (System.nanoTime() - start) / 1e9;
        return -1;
    }

    private static boolean between(String x, String y, String a, String b) {
        return x.equals(a) && y.equals(b) || x.equals(b) && y.equals(a);
    }

    /** The example PSK shipped beside the site-to-site policies ({@code conf/gateway-a.psk}, hex {@code 0x...}). */
    static String shippedPsk() throws IOException {
        return Files.readString(IkdNode.root().resolve("conf/gateway-a.psk")).strip();
    }

    static boolean rootAnd(String... tools) throws IOException {
        if (!Iperf.isRoot()) return false;
        for (String t : tools) if (!Command.available(t)) return false;
        return true;
    }

    static void report(String what, String out) {
        System.out.println("== " + what + "\n" + out.strip());
    }
}
