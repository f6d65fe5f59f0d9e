package org.ikd.it.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the router of a {@link SiteToSite} bed does besides routing.
 * <ul>
 * <li>{@code behindNat}: gateway A's WAN is behind a masquerading router (nftables {@code masquerade} on
 *     the router's link to B, for both families: IPv4 198.18.0.0/24 and IPv6 2001:2::/64 leave as
 *     198.18.1.254 and 2001:2:0:1::254), which lets in from B's side only what answers a mapping
 *     (conntrack), as a home router does; gateway B never sees gateway A's own address.
 * <li>{@code impairment}: gateway A's WAN link crosses an {@link ImpairedLink} inside the router
 *     (loss, delay, reordering), a layer-2 bridge that carries IKE, ESP in UDP and raw ESP alike.
 * </ul>
 */
public record SiteRouter(boolean behindNat, ImpairedLink.Impairment impairment) {
    /** Routing only, as {@link SiteToSite#create(String)} builds it. */
    public static final SiteRouter PLAIN = new SiteRouter(false, ImpairedLink.Impairment.NONE);
    /** The router's address on the link to B: all that B sees of A behind the NAT. */
    public static final String NAT_ADDRESS = SiteToSite.ROUTER_B;
    public static final String NAT_ADDRESS6 = "2001:2:0:1::254";
    /** With an impairment: the router's own end of A's WAN link (its address 198.18.0.254), behind the bridge. */
    public static final String WAN_INSIDE = "iks-wanr";
    private static final String BRIDGED = "iks-wani";

    public static SiteRouter nat() {
        return new SiteRouter(true, ImpairedLink.Impairment.NONE);
    }

    public static SiteRouter impaired(ImpairedLink.Impairment impairment) {
        return new SiteRouter(false, impairment);
    }

    public SiteRouter withNat() {
        return new SiteRouter(true, impairment);
    }

    /** Sets the router of {@code s} up as asked; the bridge, when there is one, is returned (files in {@code dir}). */
    ImpairedLink build(SiteToSite s, Path dir) {
        if (behindNat) masquerade(s.router);
        return impairment.any() ? bridge(s.router, dir) : null;
    }

    /**
     * The router's address on A's WAN moves from {@code iks-wan} (gateway A's peer) to {@code iks-wanr},
     * one end of a second veth pair in the router; the bridge joins {@code iks-wan} and the other end
     * {@code iks-wani}. The two bridged ends have no address, no IPv6 and answer no ARP (arp_ignore 1:
     * only for an address of the receiving link), so every frame between gateway A and the router
     * crosses the bridge and nothing takes a short cut through the router's own stack.
     */
    private ImpairedLink bridge(Netns router, Path dir) {
        router.ip("addr", "flush", "dev", SiteToSite.WAN);
        router.ip("link", "add", BRIDGED, "type", "veth", "peer", "name", WAN_INSIDE);
        for (String l : List.of(SiteToSite.WAN, BRIDGED))
            for (String key : List.of("net.ipv6.conf." + l + ".disable_ipv6=1", "net.ipv4.conf." + l + ".arp_ignore=1"))
                router.exec(10, "sysctl", "-qw", key).orThrow(List.of("sysctl", key));
        router.ip("addr", "add", SiteToSite.ROUTER_A + "/24", "dev", WAN_INSIDE);
        router.ip("-6", "addr", "add", "2001:2::254/64", "dev", WAN_INSIDE, "nodad");
        for (String l : List.of(BRIDGED, WAN_INSIDE)) router.ip("link", "set", l, "up");
        return ImpairedLink.start(router, SiteToSite.WAN, BRIDGED, dir, impairment, 1800);
    }

    /**
     * Source NAT of A's WAN addresses on the link to B (NAPT, RFC 3022 §2.2; for IPv6 masquerade
     * too, which nftables does here, rather than RFC 6296's stateless NPTv6), and a forward filter that lets from B's side only replies
     * (conntrack established) towards A's WAN: B cannot reach A but through a mapping.
     */
    private static void masquerade(Netns router) {
        String rules = """
                table inet sitenat {
                    chain post {
                        type nat hook postrouting priority srcnat; policy accept;
                        oifname "%1$s" ip saddr 198.18.0.0/24 masquerade
                        oifname "%1$s" ip6 saddr 2001:2::/64 masquerade
                    }
                    chain inbound {
                        type filter hook forward priority filter; policy accept;
                        iifname "%1$s" ip daddr 198.18.0.0/24 ct state != { established, related } drop
                        iifname "%1$s" ip6 daddr 2001:2::/64 ct state != { established, related } drop
                    }
                }
                """.formatted(SiteToSite.WAN + "b");
        try {
            Path f = Files.createTempFile("iks-nat", ".nft");
            try {
                Files.writeString(f, rules);
                router.exec(10, "nft", "-f", f.toString()).orThrow(List.of("nft -f", rules));
            } finally {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
