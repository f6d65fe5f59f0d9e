package org.ikd.tun.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import org.ikd.tun.IpFamily;
import org.ikd.tun.IpPrefix;
import org.ikd.tun.Route;
import org.ikd.tun.RoutingRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Decoding against what Linux 6.18 answered iproute2 6.1, captured with {@code strace -e trace=recvmsg
 * -e read=3 -xx} in a namespace holding TUN device ikdt0 (ifindex 2, no carrier), the route
 * "198.18.5.0/24 dev ikdt0 table 220 proto static" and the rule "221: not from all fwmark 0x1d1 lookup 1000".
 */
class RtnetlinkRepliesTest {
    // ip -4 route show table 220: one RTM_NEWROUTE (NLM_F_MULTI), rtm_flags RTNH_F_LINKDOWN
    private static final String ROUTE_DUMP =
            "340000001800220096c0086b7c65000002180000dc04fd011000000008000f00dc00000008000100c61205000800040002000000";
    // ip -4 rule show: four RTM_NEWRULE then NLMSG_DONE
    private static final String RULE_DUMP = "340000002000020096c0086b8865000002000000ff0000010000000008000f00ff00000008000e00"
            + "ffffffff05001500020000004c0000002000020096c0086b8865000002000000fc0000010200000008000f00e803000008000e00"
            + "ffffffff050015000000000008000600dd00000008000a00d101000008001000ffffffff3c0000002000020096c0086b88650000"
            + "02000000fe0000010000000008000f00fe00000008000e00ffffffff050015000200000008000600fe7f00003c00000020000200"
            + "96c0086b8865000002000000fd0000010000000008000f00fd00000008000e00ffffffff050015000200000008000600ff7f0000"
            + "140000000300020096c0086b8865000000000000";
    // ip route add 198.18.7.0/24 dev ikdt0 table 220 with ikdt0 down: ENETDOWN with an extended ACK, not capped
    private static final String ERROR = "640000000200000296c0086b926500009cffffff2c0000001800050696c0086b0000000002180000"
            + "dc03fd010000000008000100c612070008000400020000002100010044657669636520666f72206e657874686f70206973206e6f"
            + "7420757000000000";

    @BeforeAll
    static void littleEndianHost() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "captures are from an x86-64 host");
    }

    private static List<NetlinkMessage> split(String hex) throws Exception {
        return RtnetlinkReplies.split(HexFormat.of().parseHex(hex));
    }

    @Test
    void decodesRouteFromKernelDump() throws Exception {
        List<NetlinkMessage> messages = split(ROUTE_DUMP);
        assertEquals(1, messages.size());
        assertEquals(RtnetlinkRequests.RTM_NEWROUTE, messages.get(0).type());
        assertEquals(0x6b08c096, messages.get(0).sequence());
        assertEquals(new Route(IpPrefix.parse("198.18.5.0/24"), 220, 2), RtnetlinkReplies.route(messages.get(0)));
    }

    /**
     * The kernel's answer to {@code ip route show table 220} after {@code ip route add 198.18.0.2/32 dev ikdt0
     * table 220 proto static src 198.18.0.1} (Linux 6.1, strace -e trace=recvmsg -xx; the TUN had ifindex 2).
     */
    private static final String PREFSRC_ROUTE_DUMP = "3c00000018002200" + "5ef3086b3d280000" + "02200000dc04fd0110000000"
            + "08000f00dc000000" + "08000100c6120002" + "08000700c6120001" + "0800040002000000";

    @Test
    void decodesThePreferredSourceOfARoute() throws Exception {
        List<NetlinkMessage> messages = split(PREFSRC_ROUTE_DUMP);
        assertEquals(1, messages.size());
        assertEquals(new Route(IpPrefix.parse("198.18.0.2/32"), 220, 2, java.net.InetAddress.getByName("198.18.0.1")),
                RtnetlinkReplies.route(messages.get(0)));
    }

    @Test
    void decodesRulesFromKernelDumpIncludingThePriorityZeroRuleWithoutFraPriority() throws Exception {
        List<NetlinkMessage> messages = split(RULE_DUMP);
        assertEquals(5, messages.size());
        assertEquals(RtnetlinkRequests.NLMSG_DONE, messages.get(4).type());
        assertEquals(new RoutingRule(IpFamily.IPV4, 0, 255, 0, 0, false), RtnetlinkReplies.rule(messages.get(0)));
        assertEquals(RoutingRule.notMarked(IpFamily.IPV4, 221, 0x1d1, 1000), RtnetlinkReplies.rule(messages.get(1)));
        assertEquals(new RoutingRule(IpFamily.IPV4, 32766, 254, 0, 0, false), RtnetlinkReplies.rule(messages.get(2)));
        assertEquals(new RoutingRule(IpFamily.IPV4, 32767, 253, 0, 0, false), RtnetlinkReplies.rule(messages.get(3)));
    }

    @Test
    void readsNegatedErrnoAndExtendedAckText() throws Exception {
        NetlinkMessage error = split(ERROR).get(0);
        assertEquals(RtnetlinkRequests.NLMSG_ERROR, error.type());
        assertEquals(-100, RtnetlinkReplies.error(error));                      // ENETDOWN
        assertEquals("Device for nexthop is not up", RtnetlinkReplies.extendedAck(error));
    }

    @Test
    void readsExtendedAckAfterOnlyTheHeaderWhenCapped() throws Exception {
        // By hand: nlmsghdr {len 48, NLMSG_ERROR, flags CAPPED|ACK_TLVS 0x300, seq 5}, error -17,
        // the request's nlmsghdr only (16 bytes), rtattr {len 8, NLMSGERR_ATTR_MSG 1} "abc\0"
        String capped = "2c000000" + "0200" + "0003" + "05000000" + "00000000" + "efffffff"
                + "2c000000" + "1800" + "0506" + "05000000" + "00000000" + "0800" + "0100" + "61626300";
        NetlinkMessage error = split(capped).get(0);
        assertEquals(-17, RtnetlinkReplies.error(error));
        assertEquals("abc", RtnetlinkReplies.extendedAck(error));
    }

    @Test
    void hasNoExtendedAckWithoutAckTlvsFlag() throws Exception {
        // By hand: a plain ACK: nlmsghdr {len 36, NLMSG_ERROR, flags 0x100 capped, seq 1}, error 0, request header
        String ack = "24000000" + "0200" + "0001" + "01000000" + "00000000" + "00000000"
                + "2c000000" + "1800" + "0506" + "01000000" + "00000000";
        NetlinkMessage m = split(ack).get(0);
        assertEquals(0, RtnetlinkReplies.error(m));
        assertNull(RtnetlinkReplies.extendedAck(m));
    }

    @Test
    void rejectsMessageLongerThanTheDatagram() {
        String truncated = ROUTE_DUMP.substring(0, ROUTE_DUMP.length() - 8);     // 48 of the 52 bytes it announces
        var e = assertThrows(RtnetlinkReplies.MalformedReplyException.class, () -> split(truncated));
        assertEquals("netlink message of 52 bytes at offset 0 (expected: 16..48)", e.getMessage());
    }

    @Test
    void rejectsMessageShorterThanItsHeader() {
        String tooShort = "08000000" + "0300" + "0200" + "01000000" + "00000000";
        var e = assertThrows(RtnetlinkReplies.MalformedReplyException.class, () -> split(tooShort));
        assertEquals("netlink message of 8 bytes at offset 0 (expected: 16..16)", e.getMessage());
    }
}
