package org.ikd.tun.posix;

import java.nio.ByteBuffer;
import org.ikd.tun.IpFamily;
import org.ikd.tun.LinkAddress;
import org.ikd.tun.Route;
import org.ikd.tun.RoutingRule;

/**
 * The rtnetlink(7) requests ikd sends, laid out as linux/rtnetlink.h, linux/if_link.h,
 * linux/if_addr.h and linux/fib_rules.h define them, field for field and attribute for attribute
 * as iproute2 6.1 sends them for the equivalent {@code ip} command (so strace captures compare).
 */
final class RtnetlinkRequests {
    // linux/netlink.h
    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;
    static final int NLM_F_REQUEST = 0x1;
    static final int NLM_F_MULTI = 0x2;
    static final int NLM_F_ACK = 0x4;
    static final int NLM_F_DUMP = 0x300;
    static final int NLM_F_EXCL = 0x200;
    static final int NLM_F_CREATE = 0x400;
    static final int NLM_F_CAPPED = 0x100;       // in an NLMSG_ERROR: the request's payload was left out
    static final int NLM_F_ACK_TLVS = 0x200;     // in an NLMSG_ERROR: extended-ACK attributes follow
    static final int NLMSGERR_ATTR_MSG = 1;
    // linux/rtnetlink.h
    static final int RTM_NEWLINK = 16;
    static final int RTM_DELLINK = 17;
    static final int RTM_GETLINK = 18;
    static final int RTM_NEWADDR = 20;
    static final int RTM_DELADDR = 21;
    static final int RTM_NEWROUTE = 24;
    static final int RTM_DELROUTE = 25;
    static final int RTM_GETROUTE = 26;
    static final int RTM_NEWRULE = 32;
    static final int RTM_DELRULE = 33;
    static final int RTM_GETRULE = 34;
    static final int RTN_UNICAST = 1;
    static final int RTPROT_STATIC = 4;
    static final int RT_SCOPE_UNIVERSE = 0;
    static final int RT_SCOPE_LINK = 253;
    static final int RT_SCOPE_NOWHERE = 255;     // in a delete: any scope
    static final int RT_TABLE_UNSPEC = 0;
    static final int RTA_DST = 1;
    static final int RTA_OIF = 4;
    static final int RTA_PREFSRC = 7;
    static final int RTA_TABLE = 15;
    // linux/if_link.h, linux/if.h, linux/if_addr.h
    static final int IFLA_IFNAME = 3;
    static final int IFLA_MTU = 4;
    static final int IFLA_TXQLEN = 13;
    static final int IFF_UP = 0x1;
    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    // linux/fib_rules.h
    static final int FR_ACT_TO_TBL = 1;
    static final int FIB_RULE_INVERT = 0x2;
    static final int FRA_PRIORITY = 6;
    static final int FRA_FWMARK = 10;
    static final int FRA_TABLE = 15;
    static final int FRA_FWMASK = 16;

    private static final int AF_UNSPEC = 0;
    private static final int CHANGE = NLM_F_REQUEST | NLM_F_ACK;
    private static final int CREATE = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
    private static final int DUMP = NLM_F_REQUEST | NLM_F_DUMP;

    private RtnetlinkRequests() {
    }

    /** {@code ip link show NAME}: answered by one RTM_NEWLINK. */
    static NetlinkRequest getLink(String name) {
        return ifinfomsg(new NetlinkRequest(RTM_GETLINK, CHANGE, "RTM_GETLINK " + name), 0, 0, 0)
                .attributeString(IFLA_IFNAME, name);
    }

    /** {@code ip link set dev #index mtu MTU}: RTM_NEWLINK without NLM_F_CREATE changes a link. */
    static NetlinkRequest setMtu(int index, int mtu) {
        return ifinfomsg(new NetlinkRequest(RTM_NEWLINK, CHANGE, "RTM_NEWLINK #" + index + " mtu " + mtu), index, 0, 0)
                .attributeU32(IFLA_MTU, mtu);
    }

    /** {@code ip link set dev #index txqueuelen LENGTH}. */
    static NetlinkRequest setTxQueueLength(int index, int length) {
        return ifinfomsg(new NetlinkRequest(RTM_NEWLINK, CHANGE, "RTM_NEWLINK #" + index + " txqueuelen " + length), index, 0, 0)
                .attributeU32(IFLA_TXQLEN, length);
    }

    /** {@code ip link set dev #index up}: flags IFF_UP under change mask IFF_UP. */
    static NetlinkRequest setUp(int index) {
        return ifinfomsg(new NetlinkRequest(RTM_NEWLINK, CHANGE, "RTM_NEWLINK #" + index + " up"), index, IFF_UP, IFF_UP);
    }

    static NetlinkRequest deleteLink(int index, String name) {
        return ifinfomsg(new NetlinkRequest(RTM_DELLINK, CHANGE, "RTM_DELLINK " + name), index, 0, 0);
    }

    // struct ifinfomsg { u8 family; u8 pad; u16 type; s32 index; u32 flags; u32 change; }
    private static NetlinkRequest ifinfomsg(NetlinkRequest r, int index, int flags, int change) {
        return r.u8(AF_UNSPEC).u8(0).u16(0).u32(index).u32(flags).u32(change);
    }

    /** {@code ip addr add A/LEN dev #index}: IFA_LOCAL and IFA_ADDRESS both A (no peer). */
    static NetlinkRequest addAddress(int index, LinkAddress address) {
        byte[] raw = address.address().getAddress();
        // struct ifaddrmsg { u8 family; u8 prefixlen; u8 flags; u8 scope; u32 index; }
        return new NetlinkRequest(RTM_NEWADDR, CREATE, "RTM_NEWADDR " + address + " dev #" + index)
                .u8(address.family().addressFamily()).u8(address.prefixLength()).u8(0).u8(RT_SCOPE_UNIVERSE).u32(index)
                .attribute(IFA_LOCAL, raw).attribute(IFA_ADDRESS, raw);
    }

    /** {@code ip addr del A/LEN dev #index}. */
    static NetlinkRequest deleteAddress(int index, LinkAddress address) {
        byte[] raw = address.address().getAddress();
        return new NetlinkRequest(RTM_DELADDR, CHANGE, "RTM_DELADDR " + address + " dev #" + index)
                .u8(address.family().addressFamily()).u8(address.prefixLength()).u8(0).u8(RT_SCOPE_UNIVERSE).u32(index)
                .attribute(IFA_LOCAL, raw).attribute(IFA_ADDRESS, raw);
    }

    /**
     * {@code ip route add DST dev #oif table T proto static [src S]}: scope link, as iproute2 sets for a
     * gateway-less route.
     */
    static NetlinkRequest addRoute(Route route) {
        return rtmsg(new NetlinkRequest(RTM_NEWROUTE, CREATE, "RTM_NEWROUTE " + route), route,
                RTPROT_STATIC, RT_SCOPE_LINK, RTN_UNICAST, true);
    }

    /** {@code ip route del DST dev #oif table T}: protocol, scope and type left as wildcards. */
    static NetlinkRequest deleteRoute(Route route) {
        return rtmsg(new NetlinkRequest(RTM_DELROUTE, CHANGE, "RTM_DELROUTE " + route), route, 0, RT_SCOPE_NOWHERE, 0, false);
    }

    // struct rtmsg { u8 family, dst_len, src_len, tos, table, protocol, scope, type; u32 flags; }
    // A table above 255 does not fit rtm_table: it goes in RTA_TABLE. Attributes in iproute2's order.
    // A delete leaves the source out: it matches the route whatever source it was given.
    private static NetlinkRequest rtmsg(NetlinkRequest r, Route route, int protocol, int scope, int type, boolean source) {
        r.u8(route.family().addressFamily()).u8(route.destination().length()).u8(0).u8(0)
                .u8(route.table() < 256 ? route.table() : RT_TABLE_UNSPEC).u8(protocol).u8(scope).u8(type).u32(0);
        if (route.destination().length() > 0) r.attribute(RTA_DST, route.destination().addressBytes());
        if (route.table() >= 256) r.attributeU32(RTA_TABLE, route.table());
        if (source && route.preferredSource() != null) r.attribute(RTA_PREFSRC, route.preferredSource().getAddress());
        if (route.interfaceIndex() > 0) r.attributeU32(RTA_OIF, route.interfaceIndex());
        return r;
    }

    /** {@code ip -f FAMILY route show table all}: the kernel filters by family only. */
    static NetlinkRequest dumpRoutes(IpFamily family) {
        return new NetlinkRequest(RTM_GETROUTE, DUMP, "RTM_GETROUTE dump " + family)
                .u8(family.addressFamily()).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u32(0);
    }

    /** {@code ip rule add [not] fwmark M[/MASK] lookup T pref P}. */
    static NetlinkRequest addRule(RoutingRule rule) {
        return fibRuleHdr(new NetlinkRequest(RTM_NEWRULE, CREATE, "RTM_NEWRULE " + rule), rule, FR_ACT_TO_TBL);
    }

    /** {@code ip rule del ...}: the action left as a wildcard. */
    static NetlinkRequest deleteRule(RoutingRule rule) {
        return fibRuleHdr(new NetlinkRequest(RTM_DELRULE, CHANGE, "RTM_DELRULE " + rule), rule, 0);
    }

    // struct fib_rule_hdr { u8 family, dst_len, src_len, tos, table, res1, res2, action; u32 flags; }
    // The kernel takes a mark without a mask as mask 0xffffffff; a table above 255 goes in FRA_TABLE.
    private static NetlinkRequest fibRuleHdr(NetlinkRequest r, RoutingRule rule, int action) {
        r.u8(rule.family().addressFamily()).u8(0).u8(0).u8(0)
                .u8(rule.table() < 256 ? rule.table() : RT_TABLE_UNSPEC).u8(0).u8(0).u8(action)
                .u32(rule.invertMark() ? FIB_RULE_INVERT : 0);
        if (rule.fwmask() != 0) r.attributeU32(FRA_FWMARK, rule.fwmark());
        if (rule.fwmask() != 0 && rule.fwmask() != 0xffffffff) r.attributeU32(FRA_FWMASK, rule.fwmask());
        if (rule.table() >= 256) r.attributeU32(FRA_TABLE, rule.table());
        return r.attributeU32(FRA_PRIORITY, rule.priority());
    }

    static NetlinkRequest dumpRules(IpFamily family) {
        return new NetlinkRequest(RTM_GETRULE, DUMP, "RTM_GETRULE dump " + family)
                .u8(family.addressFamily()).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u32(0);
    }

    /** Sends a dumped object back as a delete, as {@code ip route flush} and {@code ip rule flush} do. */
    static NetlinkRequest echo(int type, ByteBuffer payload, String description) {
        return new NetlinkRequest(type, CHANGE, description).body(payload);
    }
}
