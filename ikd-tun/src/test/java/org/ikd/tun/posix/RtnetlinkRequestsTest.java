package org.ikd.tun.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteOrder;
import java.util.HexFormat;
import org.ikd.tun.IpFamily;
import org.ikd.tun.IpPrefix;
import org.ikd.tun.LinkAddress;
import org.ikd.tun.Route;
import org.ikd.tun.RoutingRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests against the bytes iproute2 6.1 (Debian 12) sent for the same {@code ip} command, captured with
 * {@code strace -e trace=sendmsg -e write=3 -xx} in a namespace where the TUN device had ifindex 2; the
 * sequence number is the one iproute2 used. Requests iproute2 has no single command for are laid out
 * by hand from the structs in linux/netlink.h, linux/rtnetlink.h and linux/if_link.h.
 */
class RtnetlinkRequestsTest {
    private static final int SEQ_78 = 0x6b08c078;
    private static final int SEQ_79 = 0x6b08c079;

    @BeforeAll
    static void littleEndianHost() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "vectors are from an x86-64 host");
    }

    private static String hex(NetlinkRequest r, int seq) {
        return HexFormat.of().formatHex(r.encode(seq));
    }

    @Test
    void encodesRouteAddLikeIpRouteAddDevTableProtoStatic() {
        // ip route add 198.18.5.0/24 dev ikdt0 table 220 proto static
        assertEquals("2c0000001800050678c0086b0000000002180000dc04fd010000000008000100c61205000800040002000000",
                hex(RtnetlinkRequests.addRoute(new Route(IpPrefix.parse("198.18.5.0/24"), 220, 2)), SEQ_78));
    }

    @Test
    void putsATableAbove255InRtaTable() {
        // ip route add 198.18.6.0/24 dev ikdt0 table 1000 proto static
        assertEquals("340000001800050678c0086b00000000021800000004fd010000000008000100c612060008000f00e80300000800040002000000",
                hex(RtnetlinkRequests.addRoute(new Route(IpPrefix.parse("198.18.6.0/24"), 1000, 2)), SEQ_78));
    }

    private static final int SEQ_5E = 0x6b08f35e;

    @Test
    void putsAPreferredSourceInRtaPrefsrcBetweenDestinationAndLink() throws Exception {
        // ip route add 198.18.0.2/32 dev ikdt0 table 220 proto static src 198.18.0.1
        assertEquals("34000000180005065ef3086b0000000002200000dc04fd010000000008000100c612000208000700c612000108000400"
                        + "02000000",
                hex(RtnetlinkRequests.addRoute(new Route(IpPrefix.parse("198.18.0.2/32"), 220, 2,
                        java.net.InetAddress.getByName("198.18.0.1"))), SEQ_5E));
    }

    @Test
    void putsThePreferredSourceAfterRtaTable() throws Exception {
        // ip route add 198.18.6.0/24 dev ikdt0 table 1000 proto static src 198.18.0.1
        assertEquals("3c000000180005065ef3086b00000000021800000004fd010000000008000100c612060008000f00e803000008000700"
                        + "c612000108000400" + "02000000",
                hex(RtnetlinkRequests.addRoute(new Route(IpPrefix.parse("198.18.6.0/24"), 1000, 2,
                        java.net.InetAddress.getByName("198.18.0.1"))), SEQ_5E));
    }

    @Test
    void deletesARouteWithASourceWithoutNamingTheSource() throws Exception {
        // ip route del 198.18.5.0/24 dev ikdt0 table 220: matches the route whatever its src
        assertEquals("2c0000001900050078c0086b0000000002180000dc00ff000000000008000100c61205000800040002000000",
                hex(RtnetlinkRequests.deleteRoute(new Route(IpPrefix.parse("198.18.5.0/24"), 220, 2,
                        java.net.InetAddress.getByName("198.18.0.1"))), SEQ_78));
    }

    @Test
    void deletesRouteWithProtocolScopeAndTypeAsWildcards() {
        // ip route del 198.18.5.0/24 dev ikdt0 table 220
        assertEquals("2c0000001900050078c0086b0000000002180000dc00ff000000000008000100c61205000800040002000000",
                hex(RtnetlinkRequests.deleteRoute(new Route(IpPrefix.parse("198.18.5.0/24"), 220, 2)), SEQ_78));
    }

    @Test
    void encodesNotFwmarkRuleLikeIpRuleAdd() {
        // ip rule add not fwmark 0x1d1 lookup 220 pref 220
        assertEquals("2c0000002000050679c0086b0000000002000000dc0000010200000008000a00d101000008000600dc000000",
                hex(RtnetlinkRequests.addRule(RoutingRule.notMarked(IpFamily.IPV4, 220, 0x1d1, 220)), SEQ_79));
    }

    @Test
    void putsARuleTableAbove255InFraTable() {
        // ip rule add not fwmark 0x1d1 lookup 1000 pref 221
        assertEquals("340000002000050679c0086b0000000002000000000000010200000008000a00d101000008000f00e803000008000600dd000000",
                hex(RtnetlinkRequests.addRule(RoutingRule.notMarked(IpFamily.IPV4, 221, 0x1d1, 1000)), SEQ_79));
    }

    @Test
    void deletesRuleWithActionAsWildcard() {
        // ip rule del not fwmark 0x1d1 lookup 220 pref 220
        assertEquals("2c0000002100050079c0086b0000000002000000dc0000000200000008000a00d101000008000600dc000000",
                hex(RtnetlinkRequests.deleteRule(RoutingRule.notMarked(IpFamily.IPV4, 220, 0x1d1, 220)), SEQ_79));
    }

    @Test
    void encodesIpv6RuleWithAfInet6() {
        // ip -6 rule add not fwmark 0x1d1 lookup 220 pref 220
        assertEquals("2c0000002000050679c0086b000000000a000000dc0000010200000008000a00d101000008000600dc000000",
                hex(RtnetlinkRequests.addRule(RoutingRule.notMarked(IpFamily.IPV6, 220, 0x1d1, 220)), SEQ_79));
    }

    @Test
    void encodesMtuChangeAsNewLinkWithIflaMtu() {
        // ip link set dev ikdt0 mtu 1400
        assertEquals("280000001000050079c0086b00000000000000000200000000000000000000000800040078050000",
                hex(RtnetlinkRequests.setMtu(2, 1400), SEQ_79));
    }

    @Test
    void encodesTxQueueLengthChangeAsNewLinkWithIflaTxqlen() {
        // ip link set dev ikdt0 txqueuelen 5000 (captured 2026-11-27, iproute2 6.1, TUN device at ifindex 2)
        assertEquals("280000001000050079c0086b00000000000000000200000000000000000000000800" + "0d0088130000",
                hex(RtnetlinkRequests.setTxQueueLength(2, 5000), SEQ_79));
    }

    @Test
    void encodesAddressWithLocalAndAddressAttributes() {
        // ip addr add 198.18.0.1/24 dev ikdt0
        assertEquals("280000001400050679c0086b00000000021800000200000008000200c612000108000100c6120001",
                hex(RtnetlinkRequests.addAddress(2, LinkAddress.parse("198.18.0.1/24")), SEQ_79));
    }

    @Test
    void encodesAddressDeletionAsIproute2Does() {
        // ip addr del 198.18.0.1/24 dev lo (strace -xx, iproute2 6.1, 2026-12-08): RTM_DELADDR (21), NLM_F_REQUEST|NLM_F_ACK,
        // ifaddrmsg AF_INET /24 scope universe, IFA_LOCAL then IFA_ADDRESS; here at ifindex 2
        assertEquals("280000001500050079c0086b00000000021800000200000008000200c612000108000100c6120001",
                hex(RtnetlinkRequests.deleteAddress(2, LinkAddress.parse("198.18.0.1/24")), SEQ_79));
    }

    @Test
    void encodesLinkUpAsIffUpUnderChangeMask() {
        // ip link set dev ikdt0 up
        assertEquals("200000001000050079c0086b0000000000000000020000000100000001000000",
                hex(RtnetlinkRequests.setUp(2), SEQ_79));
    }

    @Test
    void encodesLinkDelete() {
        // ip link del ikdt0
        assertEquals("200000001100050079c0086b0000000000000000020000000000000000000000",
                hex(RtnetlinkRequests.deleteLink(2, "ikdt0"), SEQ_79));
    }

    @Test
    void encodesLinkLookupByNameWithPaddedIflaIfname() {
        // By hand: nlmsghdr {len 44, type RTM_GETLINK 18, flags REQUEST|ACK 0x5, seq 7, pid 0},
        // ifinfomsg {AF_UNSPEC, pad, type 0, index 0, flags 0, change 0},
        // rtattr {len 9, IFLA_IFNAME 3} "ikd0\0" + 3 bytes of padding to 4
        assertEquals("2c000000" + "1200" + "0500" + "07000000" + "00000000"
                        + "00" + "00" + "0000" + "00000000" + "00000000" + "00000000"
                        + "0900" + "0300" + "696b643000" + "000000",
                hex(RtnetlinkRequests.getLink("ikd0"), 7));
    }

    @Test
    void encodesRouteDumpAsBareRtmsgWithDumpFlags() {
        // By hand: nlmsghdr {len 28, RTM_GETROUTE 26, REQUEST|DUMP 0x301, seq 9}, rtmsg {AF_INET6 10, zeros}
        assertEquals("1c000000" + "1a00" + "0103" + "09000000" + "00000000" + "0a000000" + "00000000" + "00000000",
                hex(RtnetlinkRequests.dumpRoutes(IpFamily.IPV6), 9));
    }
}
