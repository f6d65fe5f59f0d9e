package org.ikd.it.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.ikd.it.lab.Netns;
import org.ikd.tun.IpPrefix;
import org.ikd.tun.LinkSettings;
import org.ikd.tun.Route;
import org.ikd.tun.posix.NetNamespace;
import org.ikd.tun.posix.PosixLinkLayer;
import org.junit.jupiter.api.Test;

/**
 * {@code LinkLayer.routeIntoTun(destination, preferredSource)} on a real kernel, read back with
 * iproute2: the route carries {@code src}, the kernel's route lookup for an unbound socket picks it
 * (instead of the inner address on lo), and a source the host does not have (EINVAL from the
 * kernel) still routes the peer, without a source.
 */
class PreferredSourceIT {
    private static final LinkSettings SETTINGS = new LinkSettings("ikdtr0", 1, 1400, List.of(), 4343, 4343, 0x2b, "ikdtr");

    @Test
    void transportRouteCarriesOurAddressAsSourceAndAForeignSourceIsLeftOut() throws Exception {
        assumeTrue(Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0")), "needs root (namespaces, TUN)");
        ExecutorService inside = Executors.newSingleThreadExecutor();
        try (Netns ns = Netns.create("ikd-tr-p")) {
            ns.ip("addr", "add", "198.19.1.1/24", "dev", "lo");       // as in TwoHosts: an inner address first
            ns.ip("link", "add", "veth-tr", "type", "veth", "peer", "name", "veth-tr2");
            ns.ip("addr", "add", "198.18.0.1/24", "dev", "veth-tr");
            ns.ip("link", "set", "veth-tr", "up");
            PosixLinkLayer layer = inside.submit(() -> {
                NetNamespace.enter(ns.name());                        // this thread stays inside
                PosixLinkLayer l = PosixLinkLayer.open(SETTINGS);
                l.openTun();
                l.routeIntoTun(IpPrefix.parse("198.18.0.2/32"), InetAddress.getByName("198.18.0.1"));
                l.routeIntoTun(IpPrefix.parse("198.18.0.3/32"), InetAddress.getByName("198.18.9.9"));   // not ours
                return l;
            }).get(30, TimeUnit.SECONDS);
            try {
                String table = ns.ip("route", "show", "table", "4343");
                assertTrue(table.contains("198.18.0.2 dev ikdtr0 proto static scope link src 198.18.0.1"), table);
                assertTrue(table.contains("198.18.0.3 dev ikdtr0 proto static scope link") && !table.contains("198.18.9.9"), table);
                String get = ns.ip("route", "get", "198.18.0.2");
                assertTrue(get.contains("dev ikdtr0") && get.contains("src 198.18.0.1"), get);
                int index = inside.submit(() -> layer.routing().interfaceIndex("ikdtr0")).get(30, TimeUnit.SECONDS);
                assertEquals(new Route(IpPrefix.parse("198.18.0.2/32"), 4343, index, InetAddress.getByName("198.18.0.1")),
                        inside.submit(() -> layer.routing().listRoutes(4343)).get(30, TimeUnit.SECONDS).stream()
                                .filter(r -> r.destination().equals(IpPrefix.parse("198.18.0.2/32"))).findFirst().orElseThrow());
            } finally {
                inside.submit(() -> {
                    layer.close();
                    return null;
                }).get(30, TimeUnit.SECONDS);
            }
        } finally {
            inside.shutdownNow();
        }
    }
}
