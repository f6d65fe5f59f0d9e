package org.ikd.it.lab;

/**
 * Two namespaces joined by a veth: host A 198.18.0.1/24 and host B 198.18.0.2/24 (RFC 2544
 * benchmarking range), with the inner networks 198.19.1.0/24 (A) and 198.19.2.0/24 (B) on
 * loopback for tunnel-mode tests (no dummy links on this kernel).
 */
public final class TwoHosts implements AutoCloseable {
    public static final String A = "198.18.0.1";
    public static final String B = "198.18.0.2";
    public static final String NET_A = "198.19.1.0/24";
    public static final String NET_B = "198.19.2.0/24";
    public static final String INNER_A = "198.19.1.1";
    public static final String INNER_B = "198.19.2.1";
    public static final String LINK = "veth-ikd";

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

    @Override
    public void close() {
        a.close();
        b.close();
    }
}
