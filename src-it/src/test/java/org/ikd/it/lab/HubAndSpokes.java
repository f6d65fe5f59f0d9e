package org.ikd.it.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * A hub site and three spoke sites as an admin builds them: each site a gateway with a LAN host
 * behind it, a router in the middle with one WAN link per gateway that knows only the WAN links
 * (LAN traffic crosses it only through a tunnel), nine namespaces, every one deleted on close.
 * <pre>
 *                 host 0 .10.10 ──lan── .10.1 hub gateway .0.1 ──wan0── .0.254
 *                                                                         router R
 *  host i .2i.10 ──lan── .2i.1 spoke gateway i .i.1 ──wan── .i.254 (router's "ikb-wan" + i), i = 1..3
 *  hub LAN 198.18.10.0/24, spoke LAN i 198.18.2i.0/24, WAN k 198.18.k.0/24 (k = 0 for the hub)
 *  IPv6: the same numbers in 2001:2:0:N::/64 (LAN 10 and 2i, WAN k = 2001:2:0:k::/64)
 * </pre>
 * IP forwarding is on in the gateways and the router; routes and forwarding as {@link SiteToSite}
 * (whose link code this shares). Addresses from 198.18.0.0/15 and 2001:2::/48 (RFC 2544, RFC 5180).
 */
public final class HubAndSpokes implements AutoCloseable {
    public static final int SPOKES = 3;
    /** The LAN link of each gateway (its LAN host's only link). */
    public static final String LAN = "ikb-lan";
    /** The WAN link of each gateway; the router's link to site k is {@code WAN + k}. */
    public static final String WAN = "ikb-wan";

    /** One site: number 0 is the hub, 1..3 the spokes. */
    public record Site(int number, Netns gateway, Netns host) {
        /** The gateway's WAN address, its IKE and ESP endpoint. */
        public String wan() {
            return "198.18." + number + ".1";
        }

        /** The LAN behind the gateway. */
        public String lan() {
            return "198.18." + lanOctet() + ".0/24";
        }

        /** The gateway's address on its LAN. */
        public String gatewayLan() {
            return "198.18." + lanOctet() + ".1";
        }

        /** The LAN host's address. */
        public String hostAddress() {
            return "198.18." + lanOctet() + ".10";
        }

        private int lanOctet() {
            return number == 0 ? 10 : 20 + number;
        }

        private String lan6() {
            return "2001:2:0:" + lanOctet() + "::";
        }
    }

    public final Netns router;
    private final List<Site> sites;

    private HubAndSpokes(Netns router, List<Site> sites) {
        this.router = router;
        this.sites = List.copyOf(sites);
    }

    /** Builds the namespaces {@code prefix-r} and, per site k, {@code prefix-gk} and {@code prefix-hk}. */
    public static HubAndSpokes create(String prefix) {
        List<Netns> made = new ArrayList<>();
        try {
            Netns router = Netns.create(prefix + "-r");
            made.add(router);
            List<Site> sites = new ArrayList<>();
            for (int k = 0; k <= SPOKES; k++) {
                Netns gateway = Netns.create(prefix + "-g" + k);
                made.add(gateway);
                Netns host = Netns.create(prefix + "-h" + k);
                made.add(host);
                sites.add(build(router, new Site(k, gateway, host)));
            }
            SiteToSite.forward(router);
            return new HubAndSpokes(router, sites);
        } catch (RuntimeException e) {
            made.forEach(Netns::close);
            throw e;
        }
    }

    private static Site build(Netns router, Site s) {
        String wan6 = "2001:2:0:" + s.number() + "::";
        SiteToSite.link(s.host(), LAN, s.hostAddress() + "/24", s.lan6() + "10/64", s.gateway(), LAN, s.gatewayLan() + "/24", s.lan6() + "1/64");
        SiteToSite.link(s.gateway(), WAN, s.wan() + "/24", wan6 + "1/64", router, WAN + s.number(),
                "198.18." + s.number() + ".254/24", wan6 + "254/64");
        SiteToSite.defaults(s.host(), s.gatewayLan(), s.lan6() + "1");
        SiteToSite.defaults(s.gateway(), "198.18." + s.number() + ".254", wan6 + "254");
        SiteToSite.forward(s.gateway());
        return s;
    }

    public Site hub() {
        return sites.get(0);
    }

    /** Spoke {@code i}, 1 to 3. */
    public Site spoke(int i) {
        if (i < 1 || i > SPOKES) throw new IllegalArgumentException("spoke " + i);
        return sites.get(i);
    }

    public List<Site> spokes() {
        return sites.subList(1, sites.size());
    }

    @Override
    public void close() {
        for (Site s : sites) {
            s.host().close();
            s.gateway().close();
        }
        router.close();
    }
}
