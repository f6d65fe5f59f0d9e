package org.ikd.it.lab;

/**
 * Two namespaces joined by a veth: host A 198.18.0.1/24 and host B 198.18.0.2/24 (RFC 2544
 * benchmarking range), with the inner networks 198.19.1.0/24 (A) and 198.19.2.0/24 (B) on
 * loopback for tunnel-mode tests (no dummy links on this kernel). {@link #withIpv6()} adds
 * 2001:2::1/64 and 2001:2::2/64 on the link and the inner networks 2001:2:0:1::/64 (A) and
 * 2001:2:0:2::/64 (B) on loopback, all from the RFC 5180 benchmarking prefix 2001:2::/48.
 */
public final class TwoHosts implements AutoCloseable {
    public static final String A = "198.18.0.1";
    public static final String B = "198.18.0.2";
    public static final String NET_A = "198.19.1.0/24";
    public static final String NET_B = "198.19.2.0/24";
    public static final String INNER_A = "198.19.1.1";
    public static final String INNER_B = "198.19.2.1";
    public static final String LINK = "veth-ikd";
    public static final String A6 = "2001:2::1";
    public static final String B6 = "2001:2::2";
    public static final String NET_A6 = "2001:2:0:1::/64";
    public static final String NET_B6 = "2001:2:0:2::/64";
    public static final String INNER_A6 = "2001:2:0:1::1";
    public static final String INNER_B6 = "2001:2:0:2::1";

    public final Netns a;
    public final Netns b;

    private TwoHosts(Netns a, Netns b) {
        this.a = a;
        this.b = b;
    }

    public static TwoHosts create(String prefix) {
        Netns a = Netns.create(prefix + "-a");
        Netns b = null;
        try {
            b = Netns.create(prefix + "-b");
            a.ip("link", "add", LINK, "type", "veth", "peer", "name", LINK, "netns", b.name());
            a.ip("addr", "add", A + "/24", "dev", LINK);
            b.ip("addr", "add", B + "/24", "dev", LINK);
            a.ip("link", "set", LINK, "up");
            b.ip("link", "set", LINK, "up");
            a.ip("addr", "add", INNER_A + "/24", "dev", "lo");
            b.ip("addr", "add", INNER_B + "/24", "dev", "lo");
            return new TwoHosts(a, b);
        } catch (RuntimeException e) {
            a.close();
            if (b != null) b.close();
            throw e;
        }
    }

    /**
     * Adds the IPv6 addresses; {@code nodad}: usable at once, not tentative for the second of duplicate
     * address detection (RFC 4862 §5.4), which is not what the tests are about. Returns this lab.
     */
    public TwoHosts withIpv6() {
        a.ip("-6", "addr", "add", A6 + "/64", "dev", LINK, "nodad");
        b.ip("-6", "addr", "add", B6 + "/64", "dev", LINK, "nodad");
        a.ip("-6", "addr", "add", INNER_A6 + "/64", "dev", "lo");
        b.ip("-6", "addr", "add", INNER_B6 + "/64", "dev", "lo");
        return this;
    }

    @Override
    public void close() {
        a.close();
        b.close();
    }
}
