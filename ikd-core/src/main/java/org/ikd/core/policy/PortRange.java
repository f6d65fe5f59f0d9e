package org.ikd.core.policy;

/** A TCP/UDP port range; {@code ANY} is 0..65535 (an IKEv1 ID port of 0 means any, RFC 2407 §4.6.2). */
public record PortRange(int from, int to) {
    public static final PortRange ANY = new PortRange(0, 65535);

    public PortRange {
        if (from < 0 || to > 65535 || from > to)
            throw new IllegalArgumentException("port range " + from + "-" + to + " (expected: 0 <= from <= to <= 65535)");
    }

    public static PortRange single(int port) {
        return port == 0 ? ANY : new PortRange(port, port);
    }

    public boolean isAny() {
        return from == 0 && to == 65535;
    }

    public boolean isSingle() {
        return from == to;
    }

    public boolean contains(int port) {
        return port >= from && port <= to;
    }

    @Override
    public String toString() {
        return isAny() ? "any" : isSingle() ? Integer.toString(from) : from + "-" + to;
    }
}
