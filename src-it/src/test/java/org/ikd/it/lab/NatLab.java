package org.ikd.it.lab;

import java.util.List;

/**
 * Three namespaces with a real NAT in the middle (RFC 3947/3948 tests):
 * <pre>
 *   A 198.18.10.1/24 ──veth── 198.18.10.254  R  198.18.20.254 ──veth── 198.18.20.1/24 B
 *   inner 198.19.1.0/24 (lo)        nftables masquerade            inner 198.19.2.0/24 (lo)
 * </pre>
 * R forwards and masquerades whatever A sends out towards B; B has no route to 198.18.10.0/24, so
 * it only ever sees R's outside address. R's UDP conntrack time-outs can be shortened, so a
 * mapping that nothing refreshes expires within the test. Every namespace is deleted on close.
 */
public final class NatLab implements AutoCloseable {
    /** Where R maps source ports when they are random. */
    public static final String MAPPED_PORTS = "10000-65535";

    public static final String A = "198.18.10.1";
    public static final String R_INSIDE = "198.18.10.254";
    public static final String R_OUTSIDE = "198.18.20.254";
    public static final String B = "198.18.20.1";
    public static final String NET_A = "198.19.1.0/24";
    public static final String NET_B = "198.19.2.0/24";
    public static final String INNER_A = "198.19.1.1";
    public static final String INNER_B = "198.19.2.1";
    private static final String INSIDE = "veth-in";
    private static final String OUTSIDE = "veth-out";

    public final Netns a;
    public final Netns r;
    public final Netns b;

    private NatLab(Netns a, Netns r, Netns b) {
        this.a = a;
        this.r = r;
        this.b = b;
    }

    /**
     * Builds the three namespaces; {@code randomPorts} makes R map source ports at random, into
     * {@link #MAPPED_PORTS} (masquerade to :10000-65535 random), as home routers map to high ports.
     * Without the range Linux keeps a privileged port privileged, and A's 500 came out as 389, 53 or
     * 137: tshark dissects a datagram by its lower port first, so Main Mode read as CLDAP, DNS or
     * NetBIOS, and the draft-02 tests found no ISAKMP on port 500 (CI at cbf6b12, and a run at 0d0bb9c
     * with the whole capture listed). Above 10000 the lower port of every IKE datagram is 500 or 4500.
     */
    public static NatLab create(String prefix, boolean randomPorts) {
        Netns a = null, r = null, b = null;
        try {
            a = Netns.create(prefix + "-a");
            r = Netns.create(prefix + "-r");
            b = Netns.create(prefix + "-b");
            link(a, A, r, R_INSIDE, INSIDE);
            link(r, R_OUTSIDE, b, B, OUTSIDE);
            a.ip("route", "add", "default", "via", R_INSIDE);
            a.ip("addr", "add", INNER_A + "/24", "dev", "lo");
            b.ip("addr", "add", INNER_B + "/24", "dev", "lo");
            r.exec(10, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1").orThrow(List.of("sysctl ip_forward"));
            String rules = """
                table ip ikdnat {
                    chain post {
                        type nat hook postrouting priority srcnat; policy accept;
                        oifname "%1$s" ip saddr 198.18.10.0/24 meta l4proto { tcp, udp } masquerade%2$s
                        oifname "%1$s" ip saddr 198.18.10.0/24 masquerade
                    }
                }
                """.formatted(OUTSIDE, randomPorts ? " to :" + MAPPED_PORTS + " random" : "");
            nft(r, rules);
            return new NatLab(a, r, b);
        } catch (RuntimeException e) {
            for (Netns n : new Netns[] {a, r, b}) if (n != null) n.close();
            throw e;
        }
    }

    private static void link(Netns x, String xAddress, Netns y, String yAddress, String name) {
        x.ip("link", "add", name, "type", "veth", "peer", "name", name, "netns", y.name());
        x.ip("addr", "add", xAddress + "/24", "dev", name);
        y.ip("addr", "add", yAddress + "/24", "dev", name);
        x.ip("link", "set", name, "up");
        y.ip("link", "set", name, "up");
    }

    private static void nft(Netns ns, String rules) {
        try {
            java.nio.file.Path f = java.nio.file.Files.createTempFile("ikd-natlab", ".nft");
            try {
                java.nio.file.Files.writeString(f, rules);
                ns.exec(10, "nft", "-f", f.toString()).orThrow(List.of("nft -f", rules));
            } finally {
                java.nio.file.Files.deleteIfExists(f);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Sets R's UDP conntrack time-outs (one-way and "stream", seconds): an unrefreshed mapping dies after that. */
    public void udpTimeout(int seconds) {
        for (String key : List.of("net.netfilter.nf_conntrack_udp_timeout", "net.netfilter.nf_conntrack_udp_timeout_stream"))
            r.exec(10, "sysctl", "-q", "-w", key + "=" + seconds).orThrow(List.of("sysctl", key));
    }

    /** R's UDP conntrack entries ({@code conntrack -L -p udp}), or the nft-free /proc view when conntrack is missing. */
    public String udpMappings() {
        if (Command.available("conntrack")) {
            Command.Result res = r.exec(10, "conntrack", "-L", "-p", "udp");
            return res.stdout() + res.stderr();
        }
        Command.Result res = r.exec(10, "cat", "/proc/net/nf_conntrack");
        return res.stdout();
    }

    /** Drops every conntrack entry in R (the NAT forgets its mappings, as after a NAT reboot). */
    public void flushMappings() {
        if (Command.available("conntrack")) r.exec(10, "conntrack", "-F");
    }

    @Override
    public void close() {
        a.close();
        r.close();
        b.close();
    }
}
