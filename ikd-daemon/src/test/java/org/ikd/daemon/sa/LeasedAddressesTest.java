package org.ikd.daemon.sa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.List;
import org.ikd.core.ike.ClientLease;
import org.ikd.core.ike.CookiePair;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.policy.Subnet;
import org.ikd.tun.IpPrefix;
import org.ikd.tun.LinkLayer;
import org.ikd.tun.LinkSettings;
import org.ikd.tun.Route;
import org.ikd.tun.Routing;
import org.junit.jupiter.api.Test;

class LeasedAddressesTest {
    private static final InetAddress GATEWAY = address("198.18.0.1");
    private static final InetAddress LEASE = address("198.18.200.1");

    /** Expected: Python's {@code ipaddress.ip_network('0.0.0.0/0').address_exclude(ip_network('198.18.0.1/32'))}, shortest first. */
    @Test
    void withoutNetworksRoutesAllOfIpv4ButTheGateway() {
        List<String> expected = List.of("0.0.0.0/1", "128.0.0.0/2", "224.0.0.0/3", "208.0.0.0/4", "200.0.0.0/5", "192.0.0.0/6",
                "196.0.0.0/7", "199.0.0.0/8", "198.128.0.0/9", "198.64.0.0/10", "198.32.0.0/11", "198.0.0.0/12", "198.24.0.0/13",
                "198.20.0.0/14", "198.16.0.0/15", "198.19.0.0/16", "198.18.128.0/17", "198.18.64.0/18", "198.18.32.0/19",
                "198.18.16.0/20", "198.18.8.0/21", "198.18.4.0/22", "198.18.2.0/23", "198.18.1.0/24", "198.18.0.128/25",
                "198.18.0.64/26", "198.18.0.32/27", "198.18.0.16/28", "198.18.0.8/29", "198.18.0.4/30", "198.18.0.2/31", "198.18.0.0/32");
        List<String> got = LeasedAddresses.destinations(new ClientLease(LEASE, List.of(), List.of(), 0), GATEWAY).stream()
                .map(IpPrefix::toString).toList();
        assertEquals(expected, got);
    }

    @Test
    void routesTheGivenNetworksButNeverOneHoldingTheGateway() {
        ClientLease lease = new ClientLease(LEASE, List.of(Subnet.parse("198.18.10.0/24"), Subnet.parse("198.18.0.0/24")), List.of(), 0);
        assertEquals(List.of(IpPrefix.parse("198.18.10.0/24")), LeasedAddresses.destinations(lease, GATEWAY));
    }

    /**
     * A renewed ISAKMP SA (new cookies) gets the same lease: it takes the address and routes over, and
     * the old SA's Delete leaves them; the new SA's Delete removes them.
     */
    @Test
    void aRenewedIsakmpSaTakesOverTheLeaseAndItsRoutes() {
        Host host = new Host();
        LeasedAddresses leases = new LeasedAddresses(host.link(), LinkSettings.defaults(1, 1400, List.of()), Runnable::run);
        ClientLease lease = new ClientLease(LEASE, List.of(Subnet.parse("198.18.10.0/24")), List.of(), 0);
        CookiePair old = new CookiePair(1, 2);
        CookiePair renewed = new CookiePair(3, 4);
        leases.accept(new IkeEvent.LeaseGranted(old, GATEWAY_PORT, "office", lease));
        assertEquals(List.of("198.18.200.1/32"), host.addresses);
        assertEquals(List.of("198.18.10.0/24"), host.routes);
        leases.accept(new IkeEvent.LeaseGranted(renewed, GATEWAY_PORT, "office", lease));
        leases.accept(deleted(old));
        assertEquals(List.of("198.18.200.1/32"), host.addresses, "the old SA's Delete took the renewed SA's address");
        assertEquals(List.of("198.18.10.0/24"), host.routes);
        leases.accept(deleted(renewed));
        assertEquals(List.of(), host.addresses);
        assertEquals(List.of(), host.routes);
    }

    private static final java.net.InetSocketAddress GATEWAY_PORT = new java.net.InetSocketAddress(GATEWAY, 4500);

    private static IkeEvent deleted(CookiePair cookies) {
        return new IkeEvent.SaDeleted(new IkeEvent.IsakmpSaRef(cookies, IkeEvent.IsakmpSaFacts.between(
                new java.net.InetSocketAddress(address("198.18.1.1"), 4500), GATEWAY_PORT, "office")), "test", IkeEvent.DeletedBy.PEER);
    }

    /** The host's addresses on the TUN and routes in ikd's table, as rtnetlink would keep them (duplicates refused). */
    private static final class Host {
        final List<String> addresses = new java.util.ArrayList<>();
        final List<String> routes = new java.util.ArrayList<>();

        LinkLayer link() {
            Routing routing = (Routing) java.lang.reflect.Proxy.newProxyInstance(Routing.class.getClassLoader(), new Class<?>[] {Routing.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "interfaceIndex" -> 7;
                        case "addAddress" -> {
                            if (addresses.contains(args[1].toString())) throw new java.io.IOException("RTM_NEWADDR: File exists");
                            addresses.add(args[1].toString());
                            yield null;
                        }
                        case "deleteAddress" -> {
                            addresses.remove(args[1].toString());
                            yield null;
                        }
                        case "ensureRoute" -> !routes.contains(((Route) args[0]).destination().toString())
                                && routes.add(((Route) args[0]).destination().toString());
                        case "deleteRoute" -> routes.remove(((Route) args[0]).destination().toString());
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
            return (LinkLayer) java.lang.reflect.Proxy.newProxyInstance(LinkLayer.class.getClassLoader(), new Class<?>[] {LinkLayer.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("routing")) return routing;
                        throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
