package org.ikd.it.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.ikd.it.lab.SiteRouter;
import org.ikd.it.lab.SiteToSite;
import org.ikd.it.lab.WireCapture;

/**
 * What crossed the router's link to gateway B when gateway A is behind the router's NAT, counted
 * from a tshark capture (ARP, ND and MLD aside). Every packet must be UDP between the router's
 * outside address and gateway B's WAN address, of one family: IKE on 500 until NAT-D found the
 * NAT, then IKE and ESP on 4500 (RFC 3947 §4, RFC 3948 §2), never raw ESP and never an address of
 * gateway A's own.
 */
record NatWan(int packets, int ike500, int ike4500, int espInUdp, int espInUdp6, int keepalives) {
    @Override
    public String toString() {
        return ("%d packets between the NAT's address and gateway B, all UDP: %d IKE on 500, %d IKE on 4500, %d ESP in UDP 4500"
                + " (%d of them over IPv6), %d NAT keepalives").formatted(packets, ike500, ike4500, espInUdp, espInUdp6, keepalives);
    }

    /** Stops {@code capture} and counts it; asserts the shape above. */
    static NatWan of(WireCapture capture) throws IOException, InterruptedException {
        List<String[]> rows = capture.rows(null, "!icmpv6 && !arp", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst", "udp.srcport",
                "udp.dstport", "esp.spi", "udp.length");
        int ike500 = 0;
        int ike4500 = 0;
        int esp = 0;
        int esp6 = 0;
        int keepalives = 0;
        for (String[] p : rows) {
            String line = String.join(" ", p);
            boolean v4 = between(p[0], p[1], SiteRouter.NAT_ADDRESS, SiteToSite.GATEWAY_B);
            boolean v6 = between(p[2], p[3], SiteRouter.NAT_ADDRESS6, DualStack.GATEWAY_B6);
            assertTrue((v4 || v6) && !p[4].isEmpty(), "only UDP between the NAT's address and gateway B: " + line);
            boolean on4500 = p[5].equals("4500") || p[4].equals("4500") && !p[5].equals("500");
            if (!p[6].isEmpty()) {
                assertTrue(on4500, "ESP only in UDP 4500: " + line);
                esp++;
                if (v6) esp6++;
            } else if (p[7].equals("9")) {
                keepalives++;                    // RFC 3948 §2.3: one octet 0xFF
            } else if (on4500) {
                ike4500++;
            } else {
                ike500++;
            }
        }
        NatWan wan = new NatWan(rows.size(), ike500, ike4500, esp, esp6, keepalives);
        System.out.println("WAN B (router's link to gateway B): " + wan);
        return wan;
    }

    private static boolean between(String x, String y, String a, String b) {
        return x.equals(a) && y.equals(b) || x.equals(b) && y.equals(a);
    }
}
