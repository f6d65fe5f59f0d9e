package org.ikd.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/**
 * Expected texts from RFC 5952 §4 and §5 (the RFC's own examples where it gives them), and the
 * route, prefix and nft texts of ikd-tun that carry them.
 */
class AddressTextTest {
    /** Eight groups written out in full, as RFC 5952 §2 lists the equivalent forms. */
    private static byte[] groups(int... g) {
        byte[] a = new byte[16];
        for (int i = 0; i < 8; i++) {
            a[2 * i] = (byte) (g[i] >>> 8);
            a[2 * i + 1] = (byte) g[i];
        }
        return a;
    }

    @Test
    void suppressesLeadingZerosInEachGroup() {                       // RFC 5952 §4.1: 2001:0db8::0001 -> 2001:db8::1
        assertEquals("2001:db8::1", AddressText.of(groups(0x2001, 0x0db8, 0, 0, 0, 0, 0, 0x0001)));
        assertEquals("2001:db8:aaaa:bbbb:cccc:dddd:eeee:1", AddressText.of(groups(0x2001, 0xdb8, 0xaaaa, 0xbbbb, 0xcccc, 0xdddd, 0xeeee, 1)));
    }

    @Test
    void compressesTheLongestRunOfZeroGroupsToTheMaximum() {         // RFC 5952 §4.2.1: not 2001:db8::0:1
        assertEquals("2001:db8::1", AddressText.of(groups(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1)));
        assertEquals("2001:db8::2:1", AddressText.of(groups(0x2001, 0xdb8, 0, 0, 0, 0, 2, 1)));
    }

    @Test
    void neverCompressesASingleZeroGroup() {                         // RFC 5952 §4.2.2: not 2001:db8::1:1:1:1:1
        assertEquals("2001:db8:0:1:1:1:1:1", AddressText.of(groups(0x2001, 0xdb8, 0, 1, 1, 1, 1, 1)));
    }

    @Test
    void compressesTheLongerRunWhenRunsDiffer() {                    // RFC 5952 §4.2.3: 2001:0:0:1:0:0:0:1, not 2001::1:0:0:0:1
        assertEquals("2001:0:0:1::1", AddressText.of(groups(0x2001, 0, 0, 1, 0, 0, 0, 1)));
    }

    @Test
    void compressesTheFirstOfEqualRuns() {                           // RFC 5952 §4.2.3
        assertEquals("2001:db8::1:0:0:1", AddressText.of(groups(0x2001, 0xdb8, 0, 0, 1, 0, 0, 1)));
    }

    @Test
    void writesHexDigitsInLowercase() {                              // RFC 5952 §4.3
        assertEquals("2001:db8::aaaa:bbbb", AddressText.of(groups(0x2001, 0xDB8, 0, 0, 0, 0, 0xAAAA, 0xBBBB)));
    }

    @Test
    void compressesRunsAtEitherEnd() {
        assertEquals("::", AddressText.of(new byte[16]));
        assertEquals("::1", AddressText.of(groups(0, 0, 0, 0, 0, 0, 0, 1)));
        assertEquals("2001:2::", AddressText.of(groups(0x2001, 2, 0, 0, 0, 0, 0, 0)));
        assertEquals("2001:2:0:40::2", AddressText.of(groups(0x2001, 2, 0, 0x40, 0, 0, 0, 2)));
    }

    @Test
    void writesIpv4MappedAddressesWithADottedQuad() {                // RFC 5952 §5
        assertEquals("::ffff:192.0.2.1", AddressText.of(groups(0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201)));
    }

    @Test
    void writesIpv4AsADottedQuad() throws Exception {
        assertEquals("198.18.0.1", AddressText.of(InetAddress.getByAddress(new byte[] {(byte) 198, 18, 0, 1})));
    }

    @Test
    void dropsAZeroScopeButKeepsAZone() throws Exception {            // Java prints 2001:2:0:0:0:0:0:2%0
        assertEquals("2001:2::2", AddressText.of(Inet6Address.getByAddress(null, groups(0x2001, 2, 0, 0, 0, 0, 0, 2), 0)));
        assertEquals("fe80::1%3", AddressText.of(Inet6Address.getByAddress(null, groups(0xfe80, 0, 0, 0, 0, 0, 0, 1), 3)));
    }

    @Test
    void refusesAnAddressOfAnotherLength() {
        assertThrows(IllegalArgumentException.class, () -> AddressText.of(new byte[5]));
    }

    @Test
    void routesPrefixesAndLinkAddressesReadAsIpRoutePrintsThem() throws Exception {
        Route r = new Route(IpPrefix.parse("2001:2:0:20:0:0:0:0/64"), 220, 7, InetAddress.getByName("2001:2:0:10:0:0:0:1"));
        assertEquals("2001:2:0:20::/64 dev #7 table 220 src 2001:2:0:10::1", r.toString());
        assertEquals("2001:2::1/64", LinkAddress.parse("2001:0002:0000:0000:0000:0000:0000:0001/64").toString());
        assertEquals("2001:2::2/128", IpPrefix.parse("2001:2::2").toString());
        var e = assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("2001:2::1/64"));
        assertEquals("2001:2::1/64 has host bits set (expected: the network address of the prefix)", e.getMessage());
    }

    @Test
    void aReceivedSourceReadsCompressed() {
        SourceAddress s = new SourceAddress();
        s.assign(IpFamily.IPV6, groups(0x2001, 2, 0, 1, 0, 0, 0, 1), 0);
        assertEquals("2001:2:0:1::1", s.toString());
    }
}
