package org.ikd.daemon.sa;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.List;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.policy.AddressText;
import org.ikd.core.policy.Rule;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.ikd.esp.packet.Flow;

/**
 * Turns the data plane's ACQUIRE (the matched SPD rule and filter, the packet's flow) into what
 * IKE negotiates (RFC 2367's ACQUIRE, Windows' generic filter):
 * <ul>
 * <li>tunnel mode: with the rule's tunnel endpoint, from our tunnel endpoint (or our first
 *     address of that family), for the filter as written;
 * <li>transport mode: with the packet's destination, from its source; the filter narrowed to
 *     those two hosts when it names subnets (a transport SA protects one pair of hosts).
 * </ul>
 * The slow path: allocates freely.
 */
final class Acquisition {
    private Acquisition() {}

    static AcquireRequest request(Rule rule, Selector matched, Flow flow, List<InetAddress> me) {
        InetAddress src = source(flow);
        InetAddress dst = destination(flow);
        if (rule.isTunnel()) {
            InetAddress local = rule.localTunnelEndpoint() != null ? rule.localTunnelEndpoint() : sameFamily(me, rule.tunnelEndpoint(), src);
            return new AcquireRequest(rule.name(), matched, local, rule.tunnelEndpoint());
        }
        Selector s = matched;
        if (!matched.source().isHost() || !matched.destination().isHost())
            s = new Selector(Subnet.host(src), Subnet.host(dst), matched.protocol(), matched.sourcePorts(), matched.destinationPorts());
        return new AcquireRequest(rule.name(), s, src, dst);
    }

    /**
     * The flow as the Oakley log's ACQUIRE line shows it: addresses as RFC 5952 §4 writes them,
     * ports where the protocol has them, e.g. {@code 198.18.0.1[12345] -> 198.18.0.2[80] proto 6}.
     */
    static String describe(Flow f) {
        return AddressText.of(source(f)) + port(f.sourcePort()) + " -> " + AddressText.of(destination(f))
                + port(f.destinationPort()) + " proto " + f.protocol();
    }

    private static String port(int port) {
        return port >= 0 ? "[" + port + "]" : "";
    }

    private static InetAddress sameFamily(List<InetAddress> me, InetAddress peer, InetAddress fallback) {
        for (InetAddress a : me) if (a.getAddress().length == peer.getAddress().length) return a;
        return fallback;
    }

    static InetAddress source(Flow f) {
        return f.isIpv4() ? v4(f.sourceV4()) : v6(f.sourceHigh(), f.sourceLow());
    }

    static InetAddress destination(Flow f) {
        return f.isIpv4() ? v4(f.destinationV4()) : v6(f.destinationHigh(), f.destinationLow());
    }

    private static InetAddress v4(int a) {
        return address(ByteBuffer.allocate(4).putInt(a).array());
    }

    private static InetAddress v6(long high, long low) {
        return address(ByteBuffer.allocate(16).putLong(high).putLong(low).array());
    }

    private static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);       // only for lengths other than 4 and 16
        }
    }
}
