package org.ikd.it.frag;

import org.ikd.it.lab.Netns;
import org.ikd.it.lab.TwoHosts;

/**
 * The path of the fragmentation ITs: the veth between the hosts gets a 1280-byte MTU and both hosts
 * drop every IP fragment (RFC 791: a non-zero fragment offset or More Fragments set) in prerouting,
 * before the kernel's defragmentation (priority -400), so an IKE message over 1252 bytes only
 * arrives as IKE fragments.
 */
final class FragmentingPath {
    static final int MTU = 1280;

    private FragmentingPath() {}

    static void install(TwoHosts hosts) {
        for (Netns ns : new Netns[] {hosts.a, hosts.b}) {
            ns.ip("link", "set", TwoHosts.LINK, "mtu", String.valueOf(MTU));
            nft(ns, "add", "table", "ip", "ikdfr");
            nft(ns, "add", "chain", "ip", "ikdfr", "pre", "{ type filter hook prerouting priority -450 ; }");
            nft(ns, "add", "rule", "ip", "ikdfr", "pre", "ip", "frag-off", "&", "0x1fff", "!=", "0", "counter", "drop");
            nft(ns, "add", "rule", "ip", "ikdfr", "pre", "ip", "frag-off", "&", "0x2000", "!=", "0", "counter", "drop");
        }
    }

    /** The IP fragments {@code ns} dropped (the counters of both rules). */
    static long dropped(Netns ns) {
        String rules = ns.exec(10, "nft", "list", "chain", "ip", "ikdfr", "pre").stdout();
        long n = 0;
        for (String line : rules.lines().toList()) {
            int at = line.indexOf("counter packets ");
            if (at >= 0) n += Long.parseLong(line.substring(at + 16).split(" ")[0]);
        }
        return n;
    }

    private static void nft(Netns ns, String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "nft";
        System.arraycopy(args, 0, argv, 1, args.length);
        var r = ns.exec(10, argv);
        if (r.exitCode() != 0) throw new IllegalStateException("nft " + String.join(" ", args) + ": " + r.stdout());
    }
}
