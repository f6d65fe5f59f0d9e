package org.ikd.tun;

import java.net.InetAddress;

/**
 * A unicast route "destination via a link" in one routing table (rtnetlink(7) {@code RTM_NEWROUTE}):
 * {@code ip route add 198.18.5.0/24 dev ikd0 table 220}, optionally with a preferred source
 * ({@code src 198.18.0.1}, RTA_PREFSRC) that the kernel gives locally originated packets which
 * have no source yet.
 *
 * @param table           1..2^31-1; 254 is {@code main}
 * @param interfaceIndex  the link's ifindex, 0 when the kernel reported none (multipath, blackhole)
 * @param preferredSource one of our addresses, of the destination's family; null for none
 */
public record Route(IpPrefix destination, int table, int interfaceIndex, InetAddress preferredSource) {
    public Route {
        if (table <= 0) throw new IllegalArgumentException("table " + table + " (expected: 1.." + Integer.MAX_VALUE + ")");
        if (interfaceIndex < 0) throw new IllegalArgumentException("ifindex " + interfaceIndex + " (expected: >= 0)");
        if (preferredSource != null && preferredSource.getAddress().length != destination.family().addressLength())
            throw new IllegalArgumentException("source " + AddressText.of(preferredSource) + " for " + destination
                    + " (expected: an " + destination.family() + " address)");
    }

    /** A route without a preferred source: the kernel picks one (the first address of the link, else of any link). */
    public Route(IpPrefix destination, int table, int interfaceIndex) {
        this(destination, table, interfaceIndex, null);
    }

    public IpFamily family() {
        return destination.family();
    }

    @Override
    public String toString() {
        return destination + " dev #" + interfaceIndex + " table " + table
                + (preferredSource == null ? "" : " src " + AddressText.of(preferredSource));
    }
}
