package org.ikd.tun.posix;

import static org.ikd.tun.posix.RtnetlinkRequests.*;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ikd.tun.IpFamily;
import org.ikd.tun.IpPrefix;
import org.ikd.tun.Route;
import org.ikd.tun.RoutingRule;

/** Decodes what the kernel answers on a NETLINK_ROUTE socket (the layouts of {@link RtnetlinkRequests}). */
final class RtnetlinkReplies {
    private static final int NLA_TYPE_MASK = 0x3fff;        // without NLA_F_NESTED, NLA_F_NET_BYTEORDER

    private RtnetlinkReplies() {
    }

    /** Splits one received datagram into its messages (linux/netlink.h NLMSG_OK / NLMSG_NEXT). */
    static List<NetlinkMessage> split(byte[] datagram) throws MalformedReplyException {
        ByteBuffer in = ByteBuffer.wrap(datagram).order(ByteOrder.nativeOrder());
        List<NetlinkMessage> messages = new ArrayList<>();
        while (in.remaining() >= NetlinkRequest.NLMSG_HDRLEN) {
            int start = in.position();
            int len = in.getInt(start);
            if (len < NetlinkRequest.NLMSG_HDRLEN || len > in.remaining())
                throw new MalformedReplyException("netlink message of " + len + " bytes at offset " + start
                        + " (expected: 16.." + in.remaining() + ")");
            ByteBuffer payload = in.duplicate().position(start + NetlinkRequest.NLMSG_HDRLEN).limit(start + len)
                    .slice().order(ByteOrder.nativeOrder());
            messages.add(new NetlinkMessage(in.getShort(start + 4) & 0xffff, in.getShort(start + 6) & 0xffff,
                    in.getInt(start + 8), payload));
            in.position(Math.min(in.limit(), start + align(len)));
        }
        return messages;
    }

    /** NLMSG_ERROR: 0 for an ACK, otherwise the negated errno. */
    static int error(NetlinkMessage m) throws MalformedReplyException {
        if (m.payload().remaining() < 4) throw new MalformedReplyException("NLMSG_ERROR of " + m.payload().remaining() + " bytes (expected: >= 4)");
        return m.payload().getInt(0);
    }

    /** The kernel's extended-ACK text (NLMSGERR_ATTR_MSG), or null. */
    static String extendedAck(NetlinkMessage m) {
        if ((m.flags() & NLM_F_ACK_TLVS) == 0 || m.payload().remaining() < 20) return null;
        // struct nlmsgerr { int error; struct nlmsghdr msg; } then the request's payload unless capped
        int request = m.payload().getInt(4);
        int offset = 4 + ((m.flags() & NLM_F_CAPPED) != 0 ? NetlinkRequest.NLMSG_HDRLEN : align(request));
        ByteBuffer msg = attributes(m.payload(), offset).get(NLMSGERR_ATTR_MSG);
        return msg == null ? null : string(msg);
    }

    /** ifinfomsg.ifi_index of an RTM_NEWLINK. */
    static int linkIndex(NetlinkMessage m) {
        return m.payload().getInt(4);
    }

    /** An RTM_NEWROUTE as a route, or null for a family other than IPv4/IPv6. */
    static Route route(NetlinkMessage m) {
        ByteBuffer p = m.payload();
        IpFamily family = IpFamily.ofAddressFamily(p.get(0) & 0xff);
        if (family == null) return null;
        Map<Integer, ByteBuffer> attrs = attributes(p, 12);
        int table = attrs.containsKey(RTA_TABLE) ? attrs.get(RTA_TABLE).getInt(0) : p.get(4) & 0xff;
        byte[] dst = new byte[family.addressLength()];
        if (attrs.containsKey(RTA_DST)) attrs.get(RTA_DST).get(0, dst);
        int oif = attrs.containsKey(RTA_OIF) ? attrs.get(RTA_OIF).getInt(0) : 0;
        InetAddress source = null;
        if (attrs.containsKey(RTA_PREFSRC)) {
            byte[] raw = new byte[family.addressLength()];
            attrs.get(RTA_PREFSRC).get(0, raw);
            source = address(raw);
        }
        return new Route(new IpPrefix(address(dst), p.get(1) & 0xff), table, oif, source);
    }

    /** An RTM_NEWRULE as a rule, or null for a family other than IPv4/IPv6. */
    static RoutingRule rule(NetlinkMessage m) {
        ByteBuffer p = m.payload();
        IpFamily family = IpFamily.ofAddressFamily(p.get(0) & 0xff);
        if (family == null) return null;
        Map<Integer, ByteBuffer> attrs = attributes(p, 12);
        int table = attrs.containsKey(FRA_TABLE) ? attrs.get(FRA_TABLE).getInt(0) : p.get(4) & 0xff;
        return new RoutingRule(family, u32(attrs, FRA_PRIORITY), table, u32(attrs, FRA_FWMARK), u32(attrs, FRA_FWMASK),
                (p.getInt(8) & FIB_RULE_INVERT) != 0);
    }

    /** The rtattrs from {@code offset} on, by type (each value a slice). */
    static Map<Integer, ByteBuffer> attributes(ByteBuffer payload, int offset) {
        Map<Integer, ByteBuffer> attrs = new HashMap<>();
        int at = offset;
        while (at + 4 <= payload.limit()) {
            int len = payload.getShort(at) & 0xffff;
            if (len < 4 || at + len > payload.limit()) break;           // truncated: keep what was whole
            attrs.putIfAbsent(payload.getShort(at + 2) & NLA_TYPE_MASK,
                    payload.duplicate().position(at + 4).limit(at + len).slice().order(ByteOrder.nativeOrder()));
            at += align(len);
        }
        return attrs;
    }

    private static int u32(Map<Integer, ByteBuffer> attrs, int type) {
        ByteBuffer v = attrs.get(type);
        return v == null || v.remaining() < 4 ? 0 : v.getInt(0);
    }

    private static String string(ByteBuffer value) {
        byte[] raw = new byte[value.remaining()];
        value.get(0, raw);
        int end = 0;
        while (end < raw.length && raw[end] != 0) end++;
        return new String(raw, 0, end, StandardCharsets.UTF_8);
    }

    private static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);    // only for a length other than 4 or 16
        }
    }

    static int align(int length) {
        return (length + 3) & ~3;
    }

    /** The kernel sent something that does not parse as netlink. */
    static final class MalformedReplyException extends java.io.IOException {
        MalformedReplyException(String message) {
            super(message);
        }
    }
}
