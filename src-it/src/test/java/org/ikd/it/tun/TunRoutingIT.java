package org.ikd.it.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.ikd.tun.InboundEnforcement;
import org.ikd.tun.IpFamily;
import org.ikd.tun.IpPrefix;
import org.ikd.tun.LinkAddress;
import org.ikd.tun.LinkSettings;
import org.ikd.tun.Route;
import org.ikd.tun.RoutingRule;
import org.ikd.tun.TunDevice;
import org.ikd.tun.posix.ErrnoException;
import org.ikd.tun.posix.PosixLinkLayer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Routes and rules through rtnetlink, checked with iproute2 as the independent reader and writer:
 * what ikd installs, what the kernel then decides for marked and unmarked packets, that close()
 * leaves nothing, and that cleanupLeftovers() removes what a crashed run left.
 */
class TunRoutingIT {
    private static final LinkSettings SETTINGS = new LinkSettings("ikdtun0", 1, 1400,
            List.of(LinkAddress.parse("198.18.0.1/24")), 4242, 4242, 0x2a, "ikdit");
    private TestNamespace ns;
    private PosixLinkLayer layer;

    @BeforeEach
    void namespace() throws Exception {
        assumeTrue(TestNamespace.isRoot(), "needs root: network namespaces and TUN");
        ns = TestNamespace.create();
        layer = ns.call(() -> PosixLinkLayer.open(SETTINGS));
    }

    @AfterEach
    void cleanup() throws Exception {
        if (layer != null) ns.call(() -> {
            layer.close();
            return null;
        });
        if (ns != null) ns.close();
    }

    @Test
    void routesProtectedPrefixIntoTunForUnmarkedPacketsOnly() throws Exception {
        ns.call(layer::openTun);
        int index = layer.routing().interfaceIndex("ikdtun0");
        ns.call(() -> {
            layer.routeIntoTun(IpPrefix.parse("198.18.5.0/24"));
            layer.routeIntoTun(IpPrefix.parse("198.18.5.0/24"));    // idempotent
            return null;
        });
        assertEquals(List.of(new Route(IpPrefix.parse("198.18.5.0/24"), 4242, index)), layer.routing().listRoutes(4242));
        assertTrue(ns.ip("route", "show", "table", "4242").contains("198.18.5.0/24 dev ikdtun0"));
        assertTrue(ns.ip("rule", "show", "pref", "4242").contains("not from all fwmark 0x2a lookup 4242"));
        assertTrue(ns.ip("-6", "rule", "show", "pref", "4242").contains("not from all fwmark 0x2a lookup 4242"));
        assertEquals(List.of(RoutingRule.notMarked(IpFamily.IPV4, 4242, 0x2a, 4242), RoutingRule.notMarked(IpFamily.IPV6, 4242, 0x2a, 4242)),
                layer.routing().listRules(4242));

        assertTrue(ns.ip("route", "get", "198.18.5.9").contains("dev ikdtun0"));
        TestNamespace.Result marked = ns.exec("ip", "route", "get", "198.18.5.9", "mark", "0x2a");
        assertFalse(marked.output().contains("ikdtun0"), marked.output());   // main table: no route at all here

        ns.call(() -> {
            layer.unrouteFromTun(IpPrefix.parse("198.18.5.0/24"));
            layer.unrouteFromTun(IpPrefix.parse("198.18.5.0/24"));  // idempotent
            return null;
        });
        assertEquals(List.of(), layer.routing().listRoutes(4242));
        assertEquals("", ns.ip("route", "show", "table", "4242").strip());
    }

    @Test
    void refusalNamesTheRequestAndTheKernelsReason() throws Exception {
        var e = assertThrows(ErrnoException.class,
                () -> layer.routing().addRoute(new Route(IpPrefix.parse("198.18.5.0/24"), 4242, 999)));
        assertEquals(ErrnoException.ENODEV, e.errno());
        assertTrue(e.getMessage().startsWith("RTM_NEWROUTE 198.18.5.0/24 dev #999 table 4242: No such device (errno 19)"),
                e.getMessage());
    }

    @Test
    void closeLeavesNoRuleRouteDeviceOrNftTable() throws Exception {
        TunDevice tun = ns.call(layer::openTun);
        ns.call(() -> {
            layer.routeIntoTun(IpPrefix.parse("198.18.5.0/24"));
            layer.enforce(InboundEnforcement.none());
            return null;
        });
        assertTrue(ns.exec("nft", "list", "tables").output().contains("inet ikdit"));
        ns.call(() -> {
            layer.close();
            return null;
        });
        layer = null;
        assertNothingLeft();
        assertEquals(-1, tun.queues().get(0).read(new byte[64], 0, 64));
    }

    @Test
    void cleanupRemovesWhatACrashedRunLeftAndIsIdempotent() throws Exception {
        // what a killed ikd leaves, made with iproute2 and nft: a persistent device holding a route, the rules, the table
        ns.ip("tuntap", "add", "ikdtun0", "mode", "tun", "multi_queue");
        ns.ip("link", "set", "ikdtun0", "up");
        ns.ip("route", "add", "198.18.9.0/24", "dev", "ikdtun0", "table", "4242");
        ns.ip("route", "add", "blackhole", "198.18.10.0/24", "table", "4242");
        ns.ip("rule", "add", "not", "fwmark", "0x2a", "lookup", "4242", "pref", "4242");
        ns.ip("-6", "rule", "add", "not", "fwmark", "0x2a", "lookup", "4242", "pref", "4242");
        assertEquals(0, ns.exec("nft", "add", "table", "inet", "ikdit").exit());

        ns.call(() -> {
            layer.cleanupLeftovers();
            layer.cleanupLeftovers();
            return null;
        });
        assertNothingLeft();
        assertEquals(0, layer.routing().flushRules(4242));
        ns.call(layer::openTun);                                     // and a new run starts cleanly
        assertTrue(layer.routing().interfaceIndex("ikdtun0") > 0);
    }

    @Test
    void openingRefusesAnExistingDevice() throws Exception {
        ns.ip("tuntap", "add", "ikdtun0", "mode", "tun", "multi_queue");
        var e = assertThrows(java.io.IOException.class, () -> ns.call(layer::openTun));
        assertTrue(e.getMessage().contains("a link named ikdtun0 exists"), e.getMessage());
    }

    private void assertNothingLeft() throws Exception {
        assertEquals("", ns.ip("rule", "show", "pref", "4242").strip());
        assertEquals("", ns.ip("-6", "rule", "show", "pref", "4242").strip());
        assertEquals("", ns.ip("route", "show", "table", "4242").strip());
        assertTrue(ns.exec("ip", "link", "show", "ikdtun0").exit() != 0, "ikdtun0 still exists");
        assertFalse(ns.exec("nft", "list", "tables").output().contains("ikdit"));
    }
}
