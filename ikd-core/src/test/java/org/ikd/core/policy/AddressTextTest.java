package org.ikd.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Expected texts from RFC 5952 §4 and §5 (the RFC's own examples where it gives them). */
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
    }

    @Test
    void compressesTheLongestRunOfZeroGroupsToTheMaximum() {         // RFC 5952 §4.2.1
        assertEquals("2001:db8::2:1", AddressText.of(groups(0x2001, 0xdb8, 0, 0, 0, 0, 2, 1)));
        assertEquals("2001:2::2", AddressText.of(groups(0x2001, 2, 0, 0, 0, 0, 0, 2)));
    }

    @Test
    void neverCompressesASingleZeroGroup() {                         // RFC 5952 §4.2.2
        assertEquals("2001:db8:0:1:1:1:1:1", AddressText.of(groups(0x2001, 0xdb8, 0, 1, 1, 1, 1, 1)));
    }

    @Test
    void compressesTheLongerRunWhenRunsDiffer() {                    // RFC 5952 §4.2.3
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
        assertEquals("198.18.0.255", AddressText.ipv4(0xc61200ff));
    }

    @Test
    void dropsAZeroScopeButKeepsAZone() throws Exception {            // Java prints 2001:2:0:0:0:0:0:2%0
        assertEquals("2001:2::2", AddressText.of(Inet6Address.getByAddress(null, groups(0x2001, 2, 0, 0, 0, 0, 0, 2), 0)));
        assertEquals("fe80::1%3", AddressText.of(Inet6Address.getByAddress(null, groups(0xfe80, 0, 0, 0, 0, 0, 0, 1), 3)));
    }

    @Test
    void bracketsAnIpv6AddressBeforeItsPort() throws Exception {      // RFC 5952 §6
        assertEquals("[2001:2::1]:500", AddressText.of(new InetSocketAddress(
                Inet6Address.getByAddress(null, groups(0x2001, 2, 0, 0, 0, 0, 0, 1), 0), 500)));
        assertEquals("198.18.0.1:4500", AddressText.of(new InetSocketAddress(
                InetAddress.getByAddress(new byte[] {(byte) 198, 18, 0, 1}), 4500)));
    }

    @Test
    void writesTheDataPlanesTwoHalves() {
        assertEquals("2001:2::1", AddressText.ipv6(0x2001_0002_0000_0000L, 1L));
    }

    @Test
    void rejectsAnAddressOfAnotherLength() {
        assertThrows(IllegalArgumentException.class, () -> AddressText.of(new byte[5]));
    }
}
