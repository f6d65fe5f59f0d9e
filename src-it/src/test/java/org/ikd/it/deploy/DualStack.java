package org.ikd.it.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Netns;
import org.ikd.it.lab.SiteToSite;

/**
 * The shipped site-to-site policies made dual stack: each keeps its IPv4 rule as shipped and gains
 * a second local address (its IPv6 WAN address), a filter list between the two IPv6 LANs and a rule
 * that tunnels it to the other gateway's IPv6 WAN address, with the same filter action and key file.
 */
final class DualStack {
    static final String GATEWAY_A6 = "2001:2::1";
    static final String GATEWAY_B6 = "2001:2:0:1::1";
    static final String LAN_A6 = "2001:2:0:10::/64";
    static final String LAN_B6 = "2001:2:0:20::/64";

    private DualStack() {}

    static IkdNode gatewayA(SiteToSite lab, Path dir) throws IOException {
        return launch(lab.gatewayA, dir.resolve("a"), "site-to-site.toml", "gateway-b.psk",
                SiteToSite.GATEWAY_A, GATEWAY_A6, GATEWAY_B6, LAN_A6, LAN_B6);
    }

    static IkdNode gatewayB(SiteToSite lab, Path dir) throws IOException {
        return launch(lab.gatewayB, dir.resolve("b"), "site-to-site-b.toml", "gateway-a.psk",
                SiteToSite.GATEWAY_B, GATEWAY_B6, GATEWAY_A6, LAN_B6, LAN_A6);
    }

    private static IkdNode launch(Netns ns, Path home, String file, String psk, String me4, String me6, String peer6,
                                  String mine, String theirs) throws IOException {
        String shipped = Files.readString(IkdNode.root().resolve("conf").resolve(file));
        String policy = withIpv6(shipped, me4, me6, peer6, mine, theirs, psk);
        return ShippedSiteToSite.launchPolicy(ns, home, policy, psk);
    }

    /** The shipped text with the IPv6 address, filter list and rule added; fails if the shipped text moved. */
    static String withIpv6(String shipped, String me4, String me6, String peer6, String mine, String theirs, String psk) {
        String addresses = "local-addresses = [\"" + me4 + "\"]";
        String firstList = "[filter-lists.gateway-ssh]";
        if (!shipped.contains(addresses) || !shipped.contains(firstList))
            throw new IllegalStateException("the shipped policy changed:\n" + shipped);
        return shipped.replace(addresses, "local-addresses = [\"" + me4 + "\", \"" + me6 + "\"]")
                .replace(firstList, """
                        [filter-lists.lan-v6]
                        filters = [
                          { source = "%s", destination = "%s" },
                        ]

                        """.formatted(mine, theirs) + firstList)
                + """

                [[rules]]
                name = "lan-v6"
                description = "the IPv6 LANs, tunneled between the IPv6 WAN addresses"
                filter-list = "lan-v6"
                filter-action = "tunnel-esp"
                authentication = [ { psk-file = "%s" } ]
                tunnel = { remote = "%s", local = "%s" }
                local-id = "%s"
                peer-id = "%s"
                """.formatted(psk, peer6, me6, me6, peer6);
    }
}
