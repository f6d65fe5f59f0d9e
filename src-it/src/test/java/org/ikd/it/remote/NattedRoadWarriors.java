package org.ikd.it.remote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ikd.it.lab.Netns;
import org.ikd.it.lab.SiteToSite;

/**
 * Road warriors behind one NAT: {@code n} namespaces on their own links behind gateway B of a
 * {@link SiteToSite} lab, which masquerades them to its WAN address 198.18.1.1 (nftables), so the
 * gateway on A sees them all from one address, each from its own port.
 * <pre>
 *   road warrior i 198.18.(31+i).10/24 ──veth── 198.18.(31+i).1  gateway B (NAT)  198.18.1.1 ── router ── gateway A
 * </pre>
 * Namespaces are deleted on close.
 */
final class NattedRoadWarriors implements AutoCloseable {
    final List<Netns> hosts = new ArrayList<>();

    private NattedRoadWarriors() {}

    static NattedRoadWarriors behind(SiteToSite lab, String prefix, int n) {
        NattedRoadWarriors w = new NattedRoadWarriors();
        try {
            for (int i = 1; i <= n; i++) {
                Netns h = Netns.create(prefix + i);
                w.hosts.add(h);
                String link = "rwl" + i;
                lab.gatewayB.ip("link", "add", link, "type", "veth", "peer", "name", "rw", "netns", h.name());
                lab.gatewayB.ip("addr", "add", "198.18." + (31 + i) + ".1/24", "dev", link);
                h.ip("addr", "add", address(i) + "/24", "dev", "rw");
                lab.gatewayB.ip("link", "set", link, "up");
                h.ip("link", "set", "rw", "up");
                h.ip("route", "add", "default", "via", "198.18." + (31 + i) + ".1");
            }
            nft(lab.gatewayB, """
                table ip xarw {
                    chain post {
                        type nat hook postrouting priority srcnat; policy accept;
                        oifname "%s" ip saddr 198.18.32.0/22 masquerade
                    }
                }
                """.formatted(SiteToSite.WAN));
            return w;
        } catch (RuntimeException e) {
            w.close();
            throw e;
        }
    }

    /** Road warrior {@code i}'s own (private) address, also its IKE ID. */
    static String address(int i) {
        return "198.18." + (31 + i) + ".10";
    }

    private static void nft(Netns ns, String rules) {
        try {
            Path f = Files.createTempFile("xa-nat", ".nft");
            try {
                Files.writeString(f, rules);
                ns.exec(10, "nft", "-f", f.toString()).orThrow(List.of("nft -f", rules));
            } finally {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (Netns h : hosts) h.close();
    }
}
