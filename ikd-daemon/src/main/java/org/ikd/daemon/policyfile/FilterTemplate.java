package org.ikd.daemon.policyfile;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.ikd.core.policy.Filter;
import org.ikd.core.policy.PortRange;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;

/**
 * A filter as written, before {@code me} and {@code any} are resolved against this host's
 * addresses (Windows resolves "My IP address" the same way, again whenever addresses change).
 */
public record FilterTemplate(Endpoint source, Endpoint destination, int protocol,
                             PortRange sourcePorts, PortRange destinationPorts, boolean mirrored) {
    private static final Subnet ANY_V6 = Subnet.parse("::/0");

    public boolean usesMe() {
        return source instanceof Endpoint.Me || destination instanceof Endpoint.Me;
    }

    /**
     * The filters this template stands for on a host with {@code localAddresses}: one per local
     * address of the right family for {@code me} (none if there is no such address); {@code any}
     * takes the family of the other side, IPv4 when both sides are {@code any}.
     */
    public List<Filter> resolve(List<InetAddress> localAddresses) {
        List<Filter> out = new ArrayList<>();
        if (usesMe()) {
            for (InetAddress local : new LinkedHashSet<>(localAddresses)) {
                if (!source.admits(local) || !destination.admits(local)) continue;
                boolean v4 = local.getAddress().length == 4;
                out.add(filter(side(source, v4, local), side(destination, v4, local)));
            }
            return out;
        }
        boolean v4 = !(source instanceof Endpoint.Prefix p && !p.subnet().isIpv4())
                && !(destination instanceof Endpoint.Prefix q && !q.subnet().isIpv4());
        out.add(filter(side(source, v4, null), side(destination, v4, null)));
        return out;
    }

    private Filter filter(Subnet src, Subnet dst) {
        return new Filter(new Selector(src, dst, protocol, sourcePorts, destinationPorts), mirrored);
    }

    private static Subnet side(Endpoint e, boolean v4, InetAddress me) {
        if (e instanceof Endpoint.Prefix p) return p.subnet();
        if (e instanceof Endpoint.Me) return Subnet.host(me);
        return v4 ? Subnet.anyV4() : ANY_V6;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder().append(source);
        if (!sourcePorts.isAny()) b.append('[').append(sourcePorts).append(']');
        b.append(" -> ").append(destination);
        if (!destinationPorts.isAny()) b.append('[').append(destinationPorts).append(']');
        if (protocol != Selector.ANY_PROTOCOL) b.append(" proto ").append(protocol);
        return b.append(mirrored ? " (mirrored)" : "").toString();
    }
}
