package org.ikd.tun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class IpPrefixTest {
    @Test
    void parsesPrefixAndHost() {
        IpPrefix p = IpPrefix.parse("198.18.5.0/24");
        assertArrayEquals(new byte[] {(byte) 198, 18, 5, 0}, p.addressBytes());
        assertEquals(24, p.length());
        assertEquals(32, IpPrefix.parse("198.18.5.7").length());
        assertEquals(IpFamily.IPV6, IpPrefix.parse("2001:db8::/32").family());
    }

    @Test
    void rejectsHostBitsBecauseTheKernelRefusesSuchRoutes() {
        var e = assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("198.18.5.1/24"));
        assertEquals("198.18.5.1/24 has host bits set (expected: the network address of the prefix)", e.getMessage());
    }

    @Test
    void rejectsLengthBeyondTheFamily() {
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("198.18.5.0/33"));
    }

    @Test
    void rejectsHostNamesWithoutAskingDns() {
        var e = assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("peer.example/32"));
        assertEquals("'peer.example' is not an IP address (expected: 198.18.0.1 or 2001:db8::1)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("198.18.256.0/24"));
    }

    @Test
    void linkAddressKeepsHostBits() {
        LinkAddress a = LinkAddress.parse("198.18.0.1/24");
        assertEquals("198.18.0.1/24", a.toString());
        assertThrows(IllegalArgumentException.class, () -> LinkAddress.parse("198.18.0.1"));
    }

    @Test
    void portsNeedAProtocolWithPorts() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new ProtectedPeer(IpPrefix.parse("198.18.2.0/24"), 1, ProtectedPeer.Ports.of(80)));
        assertEquals("ports 80 with protocol 1 (expected: ports only with TCP 6, UDP 17 or SCTP 132)", e.getMessage());
    }

    @Test
    void settingsRefuseTheKernelsOwnTablesAndAZeroMark() {
        assertThrows(IllegalArgumentException.class,
                () -> new LinkSettings("ikd0", 1, 1400, java.util.List.of(), 254, 220, 0x1d1, "ikd"));
        assertThrows(IllegalArgumentException.class,
                () -> new LinkSettings("ikd0", 1, 1400, java.util.List.of(), 220, 32766, 0x1d1, "ikd"));
        assertThrows(IllegalArgumentException.class,
                () -> new LinkSettings("ikd0", 1, 1400, java.util.List.of(), 220, 220, 0, "ikd"));
        assertThrows(IllegalArgumentException.class,
                () -> new LinkSettings("a-name-longer-than-15", 1, 1400, java.util.List.of(), 220, 220, 1, "ikd"));
    }

    @Test
    void ruleToStringReadsLikeIpRuleShow() {
        assertEquals("IPV4 220: not from all fwmark 0x1d1 lookup 220",
                RoutingRule.notMarked(IpFamily.IPV4, 220, 0x1d1, 220).toString());
    }
}
