package org.ikd.it.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Two sites as an admin builds them: a LAN host behind each gateway, a router between the
 * gateways that knows only the two WAN links (so LAN traffic can cross only through the tunnel),
 * five namespaces, every one deleted on close.
 * <pre>
 *  host A            gateway A                 router R                 gateway B            host B
 *  .10.10 ──lan── .10.1 | .0.1 ──wan── .0.254 | .1.254 ──wan── .1.1 | .20.1 ──lan── .20.10
 *  LAN A 198.18.10.0/24   WAN A 198.18.0.0/24    WAN B 198.18.1.0/24    LAN B 198.18.20.0/24
 *  IPv6: LAN A 2001:2:0:10::/64, WAN A 2001:2::/64, WAN B 2001:2:0:1::/64, LAN B 2001:2:0:20::/64,
 *        the same last numbers (::10, ::1, ::254)
 * </pre>
 * IP forwarding is on in both gateways and the router (IPv4 and IPv6); each LAN host's default
 * route is its gateway, each gateway's default route is the router. The router may NAT gateway A
 * and impair its WAN link ({@link SiteRouter}). All addresses come from
 * 198.18.0.0/15 and 2001:2::/48 (RFC 2544, RFC 5180 benchmarking ranges).
 */
public final class SiteToSite implements AutoCloseable {
    public static final String HOST_A = "198.18.10.10";
    public static final String GATEWAY_A_LAN = "198.18.10.1";
    public static final String GATEWAY_A = "198.18.0.1";
    public static final String ROUTER_A = "198.18.0.254";
    public static final String ROUTER_B = "198.18.1.254";
    public static final String GATEWAY_B = "198.18.1.1";
    public static final String GATEWAY_B_LAN = "198.18.20.1";
    public static final String HOST_B = "198.18.20.10";
    public static final String LAN_A = "198.18.10.0/24";
    public static final String LAN_B = "198.18.20.0/24";
    public static final String HOST_A6 = "2001:2:0:10::10";
    public static final String HOST_B6 = "2001:2:0:20::10";
    /** The LAN link of each gateway (its LAN host's only link). */
    public static final String LAN = "iks-lan";
    /** The WAN link of each gateway (two of the router's links). */
    public static final String WAN = "iks-wan";

    public final Netns hostA;
    public final Netns gatewayA;
    public final Netns router;
    public final Netns gatewayB;
    public final Netns hostB;
    private ImpairedLink wan;

    private SiteToSite(List<Netns> all) {
        this.hostA = all.get(0);
        this.gatewayA = all.get(1);
        this.router = all.get(2);
        this.gatewayB = all.get(3);
        this.hostB = all.get(4);
    }

    /** Builds the five namespaces ({@code prefix-ha}, {@code -ga}, {@code -r}, {@code -gb}, {@code -hb}). */
    public static SiteToSite create(String prefix) {
        return create(prefix, SiteRouter.PLAIN, null);
    }

    /** {@link #create(String)} with a router that NATs or impairs gateway A's WAN as {@code router} says (the bridge's files in {@code dir}). */
    public static SiteToSite create(String prefix, SiteRouter router, Path dir) {
        List<Netns> all = new ArrayList<>();
        try {
            for (String n : List.of("ha", "ga", "r", "gb", "hb")) all.add(Netns.create(prefix + "-" + n));
            SiteToSite s = new SiteToSite(all);
            // the router has two WAN links: it names the one towards B "iks-wanb"
            link(s.hostA, LAN, "198.18.10.10/24", "2001:2:0:10::10/64", s.gatewayA, LAN, "198.18.10.1/24", "2001:2:0:10::1/64");
            link(s.gatewayA, WAN, "198.18.0.1/24", "2001:2::1/64", s.router, WAN, "198.18.0.254/24", "2001:2::254/64");
            link(s.router, WAN + "b", "198.18.1.254/24", "2001:2:0:1::254/64", s.gatewayB, WAN, "198.18.1.1/24", "2001:2:0:1::1/64");
            link(s.gatewayB, LAN, "198.18.20.1/24", "2001:2:0:20::1/64", s.hostB, LAN, "198.18.20.10/24", "2001:2:0:20::10/64");
            defaults(s.hostA, GATEWAY_A_LAN, "2001:2:0:10::1");
            defaults(s.gatewayA, ROUTER_A, "2001:2::254");
            defaults(s.gatewayB, ROUTER_B, "2001:2:0:1::254");
            defaults(s.hostB, GATEWAY_B_LAN, "2001:2:0:20::1");
            for (Netns n : List.of(s.gatewayA, s.router, s.gatewayB)) forward(n);
            s.wan = router.build(s, dir);
            return s;
        } catch (RuntimeException e) {
            all.forEach(Netns::close);
            throw e;
        }
    }

    /** The bridge on gateway A's WAN link ({@link SiteRouter#impairment()}), null when the link is not impaired. */
    public ImpairedLink impairedWan() {
        return wan;
    }

    /** The namespaces from host A to host B. */
    public List<Netns> all() {
        return List.of(hostA, gatewayA, router, gatewayB, hostB);
    }

    /** A veth pair from {@code x} to {@code y}, both ends addressed (IPv4 and IPv6) and up; shared with {@link HubAndSpokes}. */
    static void link(Netns x, String xName, String x4, String x6, Netns y, String yName, String y4, String y6) {
        x.ip("link", "add", xName, "type", "veth", "peer", "name", yName, "netns", y.name());
        x.ip("addr", "add", x4, "dev", xName);
        y.ip("addr", "add", y4, "dev", yName);
        // nodad: the addresses are usable at once, not after Duplicate Address Detection (RFC 4862 §5.4)
        x.ip("-6", "addr", "add", x6, "dev", xName, "nodad");
        y.ip("-6", "addr", "add", y6, "dev", yName, "nodad");
        x.ip("link", "set", xName, "up");
        y.ip("link", "set", yName, "up");
    }

    static void defaults(Netns n, String via4, String via6) {
        n.ip("route", "add", "default", "via", via4);
        n.ip("-6", "route", "add", "default", "via", via6);
    }

    static void forward(Netns n) {
        for (String key : List.of("net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1"))
            n.exec(10, "sysctl", "-q", "-w", key).orThrow(List.of("sysctl", key, "in", n.name()));
    }

    @Override
    public void close() {
        if (wan != null) wan.close();
        for (Netns n : all()) n.close();
    }
}
