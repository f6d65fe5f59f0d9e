package org.ikd.core.policy;

/**
 * A traffic selector (a Windows "filter" without its mirroring): source and destination
 * prefixes, an IP protocol (0 = any) and ports (meaningful for TCP 6 and UDP 17 only).
 * Used by the SPD, by IKEv1 IDci/IDcr (RFC 2409 §5.5) and by an SA's inner-packet check.
 */
public record Selector(Subnet source, Subnet destination, int protocol, PortRange sourcePorts, PortRange destinationPorts) {
    public static final int ANY_PROTOCOL = 0;

    public Selector {
        if (protocol < 0 || protocol > 255)
            throw new IllegalArgumentException("IP protocol " + protocol + " (expected: 0 (any) .. 255)");
        if (source.isIpv4() != destination.isIpv4())
            throw new IllegalArgumentException("selector mixes IPv4 and IPv6: " + source + " -> " + destination);
    }

    public static Selector between(Subnet source, Subnet destination) {
        return new Selector(source, destination, ANY_PROTOCOL, PortRange.ANY, PortRange.ANY);
    }

    /** The same filter seen from the other side (Windows' "mirrored"). */
    public Selector mirror() {
        return new Selector(destination, source, protocol, destinationPorts, sourcePorts);
    }

    /**
     * Data-path match for IPv4. {@code srcPort}/{@code dstPort} are ignored unless the selector
     * names TCP or UDP ports; pass -1 when the packet has no ports (or is a non-first fragment).
     */
    public boolean matchesV4(int src, int dst, int proto, int srcPort, int dstPort) {
        if (!source.containsV4(src) || !destination.containsV4(dst)) return false;
        if (protocol != ANY_PROTOCOL && protocol != proto) return false;
        if (sourcePorts.isAny() && destinationPorts.isAny()) return true;
        return srcPort >= 0 && sourcePorts.contains(srcPort) && destinationPorts.contains(dstPort);
    }

    /** True when every packet this selector admits is also admitted by {@code outer}. */
    public boolean within(Selector outer) {
        return outer.source.covers(source) && outer.destination.covers(destination)
                && (outer.protocol == ANY_PROTOCOL || outer.protocol == protocol)
                && outer.sourcePorts.from() <= sourcePorts.from() && sourcePorts.to() <= outer.sourcePorts.to()
                && outer.destinationPorts.from() <= destinationPorts.from() && destinationPorts.to() <= outer.destinationPorts.to();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder().append(source);
        if (!sourcePorts.isAny()) b.append('[').append(sourcePorts).append(']');
        b.append(" -> ").append(destination);
        if (!destinationPorts.isAny()) b.append('[').append(destinationPorts).append(']');
        if (protocol != ANY_PROTOCOL) b.append(" proto ").append(protocol);
        return b.toString();
    }
}
