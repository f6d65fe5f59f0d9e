package org.ikd.daemon.sa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.List;
import org.ikd.core.ike.ClientLease;
import org.ikd.core.policy.Subnet;
import org.ikd.tun.IpPrefix;
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

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
