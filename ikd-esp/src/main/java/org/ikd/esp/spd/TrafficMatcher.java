package org.ikd.esp.spd;

import org.ikd.core.policy.PortRange;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.ikd.esp.packet.Flow;

/**
 * A {@link Selector} compiled for the data path: IPv4 prefixes as int masks, IPv6 prefixes as
 * two long masks, so matching a {@link Flow} allocates nothing. Same semantics as
 * {@link Selector#matchesV4}: ports count only when the selector names them.
 */
public final class TrafficMatcher {
    private final Selector selector;
    private final boolean ipv4;
    private final long[] source;        // {netHigh, netLow, maskHigh, maskLow}; IPv4 in netLow/maskLow
    private final long[] destination;
    private final int protocol;
    private final boolean anyPorts;
    private final int sourceFrom, sourceTo, destinationFrom, destinationTo;

    public TrafficMatcher(Selector selector) {
        this.selector = selector;
        this.ipv4 = selector.source().isIpv4();
        this.source = compile(selector.source());
        this.destination = compile(selector.destination());
        this.protocol = selector.protocol();
        PortRange sp = selector.sourcePorts();
        PortRange dp = selector.destinationPorts();
        this.anyPorts = sp.isAny() && dp.isAny();
        this.sourceFrom = sp.from();
        this.sourceTo = sp.to();
        this.destinationFrom = dp.from();
        this.destinationTo = dp.to();
    }

    private static long[] compile(Subnet s) {
        byte[] a = s.network().getAddress();
        int prefix = s.prefix();
        if (a.length == 4) {
            long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
            return new long[] {0, toLong(a, 0, 4) & mask, 0, mask};
        }
        long mh = prefix == 0 ? 0 : prefix >= 64 ? -1L : -1L << (64 - prefix);
        long ml = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
        return new long[] {toLong(a, 0, 8) & mh, toLong(a, 8, 8) & ml, mh, ml};
    }

    private static long toLong(byte[] a, int off, int len) {
        long v = 0;
        for (int i = 0; i < len; i++) v = v << 8 | (a[off + i] & 0xff);
        return v;
    }

    public Selector selector() {
        return selector;
    }

    public boolean matches(Flow f) {
        if (f.isIpv4() != ipv4) return false;
        if (ipv4) {
            if (((f.sourceV4() & 0xffffffffL) & source[3]) != source[1]) return false;
            if (((f.destinationV4() & 0xffffffffL) & destination[3]) != destination[1]) return false;
        } else {
            if ((f.sourceHigh() & source[2]) != source[0] || (f.sourceLow() & source[3]) != source[1]) return false;
            if ((f.destinationHigh() & destination[2]) != destination[0]
                    || (f.destinationLow() & destination[3]) != destination[1]) return false;
        }
        if (protocol != Selector.ANY_PROTOCOL && protocol != f.protocol()) return false;
        if (anyPorts) return true;
        int s = f.sourcePort();
        int d = f.destinationPort();
        return s >= 0 && s >= sourceFrom && s <= sourceTo && d >= destinationFrom && d <= destinationTo;
    }

    @Override
    public String toString() {
        return selector.toString();
    }
}
