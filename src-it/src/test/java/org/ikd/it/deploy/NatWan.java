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
 * outside address and gateway B: IKE on 500 until NAT-D found the NAT, then IKE and ESP on 4500
 * (RFC 3947 §4, RFC 3948 §2), never raw ESP and never gateway A's own address.
 */
record NatWan(int packets, int ike500, int ike4500, int espInUdp, int keepalives) {
    @Override
    public String toString() {
        return "%d packets between %s and %s, all UDP: %d IKE on 500, %d IKE on 4500, %d ESP in UDP 4500, %d NAT keepalives"
                .formatted(packets, SiteRouter.NAT_ADDRESS, SiteToSite.GATEWAY_B, ike500, ike4500, espInUdp, keepalives);
    }

    /** Stops {@code capture} and counts it; asserts the shape above. */
    static NatWan of(WireCapture capture) throws IOException, InterruptedException {
        List<String[]> rows = capture.rows(null, "!icmpv6 && !arp", "ip.src", "ip.dst", "ip.proto", "udp.srcport", "udp.dstport",
                "esp.spi", "udp.length");
        int ike500 = 0;
        int ike4500 = 0;
        int esp = 0;
        int keepalives = 0;
        for (String[] p : rows) {
            String line = String.join(" ", p);
            boolean between = p[0].equals(SiteRouter.NAT_ADDRESS) && p[1].equals(SiteToSite.GATEWAY_B)
                    || p[0].equals(SiteToSite.GATEWAY_B) && p[1].equals(SiteRouter.NAT_ADDRESS);
            assertTrue(between && p[2].equals("17"), "only UDP between the NAT's address and gateway B: " + line);
            boolean on4500 = p[4].equals("4500") || p[3].equals("4500") && !p[4].equals("500");
            if (!p[5].isEmpty()) {
                assertTrue(on4500, "ESP only in UDP 4500: " + line);
                esp++;
            } else if (p[6].equals("9")) {
                keepalives++;                    // RFC 3948 §2.3: one octet 0xFF
            } else if (on4500) {
                ike4500++;
            } else {
                ike500++;
            }
        }
        NatWan wan = new NatWan(rows.size(), ike500, ike4500, esp, keepalives);
        System.out.println("WAN B (router's link to gateway B): " + wan);
        return wan;
    }
}
