package org.ikd.tun;

/**
 * A unicast route "destination via a link" in one routing table (rtnetlink(7) {@code RTM_NEWROUTE}):
 * {@code ip route add 198.18.5.0/24 dev ikd0 table 220}.
 *
 * @param table          1..2^31-1; 254 is {@code main}
 * @param interfaceIndex the link's ifindex, 0 when the kernel reported none (multipath, blackhole)
 */
public record Route(IpPrefix destination, int table, int interfaceIndex) {
    public Route {
        if (table <= 0) throw new IllegalArgumentException("table " + table + " (expected: 1.." + Integer.MAX_VALUE + ")");
        if (interfaceIndex < 0) throw new IllegalArgumentException("ifindex " + interfaceIndex + " (expected: >= 0)");
    }

    public IpFamily family() {
        return destination.family();
    }

    @Override
    public String toString() {
        return destination + " dev #" + interfaceIndex + " table " + table;
    }
}
