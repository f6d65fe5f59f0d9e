package org.ikd.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class SubnetTest {
    private static int v4(String a) throws Exception {
        byte[] b = InetAddress.getByName(a).getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    @Test
    void clearsHostBitsOfThePrefix() {
        assertEquals("198.18.0.0/15", Subnet.parse("198.19.7.9/15").toString());
    }

    @Test
    void aBareAddressIsAHost() {
        Subnet s = Subnet.parse("198.18.0.2");
        assertTrue(s.isHost());
        assertEquals(32, s.prefix());
    }

    @Test
    void matchesExactlyTheAddressesOfThePrefix() throws Exception {
        Subnet s = Subnet.parse("198.18.0.0/15");
        assertTrue(s.containsV4(v4("198.18.0.0")));
        assertTrue(s.containsV4(v4("198.19.255.255")));
        assertFalse(s.containsV4(v4("198.20.0.0")));
        assertFalse(s.containsV4(v4("198.17.255.255")));
        assertEquals("198.19.255.255", s.last().getHostAddress());
    }

    @Test
    void slashZeroMatchesEverything() throws Exception {
        assertTrue(Subnet.parse("0.0.0.0/0").containsV4(v4("203.0.113.7")));
    }

    @Test
    void parsesIpv6PrefixesWithoutDns() throws Exception {
        Subnet s = Subnet.parse("2001:db8::/32");
        assertFalse(s.isIpv4());
        assertTrue(s.contains(InetAddress.getByName("2001:db8:1::1")));
        assertFalse(s.contains(InetAddress.getByName("2001:db9::1")));
    }

    @Test
    void refusesHostNamesRatherThanResolvingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Subnet.parse("example.com"));
        assertTrue(e.getMessage().contains("expected"), e.getMessage());
    }

    @Test
    void refusesOutOfRangeOctetsAndPrefixes() {
        assertThrows(IllegalArgumentException.class, () -> Subnet.parse("198.18.0.256"));
        assertThrows(IllegalArgumentException.class, () -> Subnet.parse("198.18.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Subnet.parse("198.18.0.0/x"));
        assertThrows(IllegalArgumentException.class, () -> Subnet.parse("198.18.0"));
    }

    @Test
    void coversOnlyNarrowerPrefixesInside() {
        Subnet wide = Subnet.parse("198.18.0.0/15");
        assertTrue(wide.covers(Subnet.parse("198.19.1.0/24")));
        assertFalse(wide.covers(Subnet.parse("198.16.0.0/12")));
        assertFalse(Subnet.parse("198.19.1.0/24").covers(wide));
    }
}
