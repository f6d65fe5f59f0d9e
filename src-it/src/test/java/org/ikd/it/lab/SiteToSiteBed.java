package org.ikd.it.lab;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link SiteToSite} bed for a person ({@code scripts/lab/site-to-site}): builds it with the
 * router options given on the command line, prints the namespaces and how to run ikd in them, and
 * tears everything down on Enter, end of input or Ctrl-C.
 * <pre>
 *   --nat             gateway A behind the router's masquerade ({@link SiteRouter})
 *   --loss PERCENT    frames dropped on gateway A's WAN link, each way
 *   --delay MS        every frame of that link delayed
 *   --reorder PERCENT frames held back once more (the delay, at least 10 ms), so later ones overtake them
 *   --prefix NAME     namespace prefix (default: bd)
 *   --dir DIR         the bridge's files (default: /tmp/ikd-bed)
 * </pre>
 */
public final class SiteToSiteBed {
    private SiteToSiteBed() {}

    public static void main(String[] args) throws Exception {
        boolean nat = false;
        int loss = 0;
        int delay = 0;
        int reorder = 0;
        String prefix = "bd";
        Path dir = Path.of("/tmp/ikd-bed");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--nat" -> nat = true;
                case "--loss" -> loss = Integer.parseInt(args[++i]);
                case "--delay" -> delay = Integer.parseInt(args[++i]);
                case "--reorder" -> reorder = Integer.parseInt(args[++i]);
                case "--prefix" -> prefix = args[++i];
                case "--dir" -> dir = Path.of(args[++i]);
                default -> {
                    System.err.println("site-to-site: unknown argument '" + args[i]
                            + "' (expected: --nat, --loss N, --delay MS, --reorder N, --prefix NAME, --dir DIR)");
                    System.exit(2);
                }
            }
        }
        SiteRouter router = new SiteRouter(nat, ImpairedLink.Impairment.of(loss, delay, reorder));
        SiteToSite bed = SiteToSite.create(prefix, router, dir);
        AtomicBoolean closed = new AtomicBoolean();
        Runnable down = () -> {
            if (closed.compareAndSet(false, true)) bed.close();
        };
        Runtime.getRuntime().addShutdownHook(new Thread(down));
        describe(bed, router, dir);
        while (true) {
            int c = System.in.read();
            if (c == -1 || c == '\n') break;
        }
        down.run();
        System.out.println("removed.");
    }

    private static void describe(SiteToSite bed, SiteRouter router, Path dir) {
        System.out.printf("""
                site-to-site bed up (%s%s)
                  host A     %s  198.18.10.10, 2001:2:0:10::10
                  gateway A  %s  LAN 198.18.10.1, WAN 198.18.0.1 and 2001:2::1
                  router     %s  198.18.0.254, 198.18.1.254
                  gateway B  %s  WAN 198.18.1.1 and 2001:2:0:1::1, LAN 198.18.20.1
                  host B     %s  198.18.20.10, 2001:2:0:20::10
                ikd with the shipped files: copy conf/site-to-site.toml and conf/gateway-b.psk to one directory,
                conf/site-to-site-b.toml and conf/gateway-a.psk to another, chmod 600 the keys%s, then
                  ip netns exec %s scripts/ikd run --config DIR-A/site-to-site.toml --control-socket DIR-A/ikd.sock
                  ip netns exec %s scripts/ikd run --config DIR-B/site-to-site-b.toml --control-socket DIR-B/ikd.sock
                  ip netns exec %s ping %s
                Press Enter (or Ctrl-C) to remove everything.
                """,
                router.behindNat() ? "gateway A behind the router's NAT, seen by B as 198.18.1.254" : "routed, no NAT",
                router.impairment().any() ? "; A's WAN link: " + router.impairment() + ", bridge files in " + dir : "",
                bed.hostA, bed.gatewayA, bed.router, bed.gatewayB, bed.hostB,
                router.behindNat() ? " (behind the NAT: in B's file, tunnel remote = \"198.18.1.254\")" : "",
                bed.gatewayA, bed.gatewayB, bed.hostA, SiteToSite.HOST_B);
    }
}
