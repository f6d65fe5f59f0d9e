package org.ikd.daemon.policy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.ikd.core.policy.Filter;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.PortRange;
import org.ikd.core.policy.Rule;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.ikd.esp.spd.SpdRule;
import org.ikd.tun.InboundEnforcement;
import org.ikd.tun.IpPrefix;
import org.ikd.tun.ProtectedPeer;

/**
 * The policy as the data plane and the host see it:
 * <ol>
 * <li>SPD rules (RFC 4301 §4.4.1), one per policy rule in priority order, mirrored filters
 *     expanded; packets that match none are permitted (they were routed into the TUN only
 *     because a protected prefix overlaps them);
 * <li>routes into the TUN: the remote side of each filter of negotiate and block rules (transport
 *     mode: the peer hosts; tunnel mode: the remote subnets), never its local side and never one
 *     of our own addresses. A mirrored filter "my LAN -> their LAN" protects both directions, but
 *     only "their LAN" goes into the TUN: routing the mirror's destination (my LAN) there would cut
 *     a gateway off its own LAN. Where the local side is, or holds, one of the host's addresses
 *     (transport mode; a gateway's LAN address), that address is the route's preferred source, so
 *     an unbound socket's packets match the selector (the first one wins; charon installs its
 *     routes with a source inside the local traffic selector for the same reason);
 * <li>inbound enforcement: the sources that must arrive protected, i.e. the remote side of every
 *     filter of a negotiate rule whose filter action does not accept unsecured communication
 *     (cleartext from "their LAN", never from "my LAN"); and, exempt
 *     from that, the mirrored traffic of permit and accept-unsecured rules that no rule above
 *     them protects (first match wins inbound too, as outbound).
 * </ol>
 */
public record PolicyTranslation(List<SpdRule> spdRules, Set<IpPrefix> routes, InboundEnforcement enforcement,
                         Map<IpPrefix, InetAddress> preferredSources) {
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int SCTP = 132;

    PolicyTranslation(List<SpdRule> spdRules, Set<IpPrefix> routes, InboundEnforcement enforcement) {
        this(spdRules, routes, enforcement, Map.of());
    }

    public static PolicyTranslation of(Policy policy, List<InetAddress> me) {
        return of(policy, me, me);
    }

    /** {@code me}: what the policy's "me" means; {@code host}: every address of this host (preferred sources). */
    public static PolicyTranslation of(Policy policy, List<InetAddress> me, List<InetAddress> hostAddresses) {
        List<InetAddress> host = Stream.concat(me.stream(), hostAddresses.stream()).distinct().toList();
        List<SpdRule> spd = new ArrayList<>();
        Set<IpPrefix> routes = new LinkedHashSet<>();
        Map<IpPrefix, InetAddress> sources = new LinkedHashMap<>();
        List<ProtectedPeer> peers = new ArrayList<>();
        List<ProtectedPeer> exempt = new ArrayList<>();
        int order = 0;
        for (Rule rule : policy.rules()) {
            List<Selector> selectors = new ArrayList<>();
            for (Filter f : rule.filterList().filters()) selectors.addAll(f.expand());
            spd.add(new SpdRule(rule.name(), order++, selectors, action(rule.action()), acceptsUnsecured(rule), fallsBack(rule)));
            if (rule.action() instanceof FilterAction.Permit || acceptsUnsecured(rule)) exempt(selectors, me, peers, exempt);
            if (rule.action() instanceof FilterAction.Permit) continue;
            boolean enforced = rule.action() instanceof FilterAction.Negotiate && !acceptsUnsecured(rule);
            for (Filter f : rule.filterList().filters()) {
                Subnet remote = remoteSide(f.selector(), me);
                if (isOurs(remote, me)) continue;
                for (Selector s : f.expand()) {
                    boolean outbound = s.destination().equals(remote);
                    if (outbound) {
                        routes.add(prefix(remote));
                        InetAddress source = preferredSource(s.source(), host);
                        if (source != null) sources.putIfAbsent(prefix(remote), source);
                    }
                    ProtectedPeer peer = protectedPeer(outbound ? s : s.mirror());
                    if (enforced && !peers.contains(peer)) peers.add(peer);
                }
            }
        }
        return new PolicyTranslation(List.copyOf(spd), Set.copyOf(routes), new InboundEnforcement(peers, exempt),
                Map.copyOf(sources));
    }

    /**
     * The inbound selectors (peer to us) of a permit or accept-unsecured rule, as flows to let in,
     * unless a protecting rule above already drops them. A selector with a peer port is left out:
     * nftables' match here knows only our (destination) ports, and a wider exemption would be unsafe.
     */
    private static void exempt(List<Selector> selectors, List<InetAddress> me, List<ProtectedPeer> peers, List<ProtectedPeer> exempt) {
        for (Selector s : selectors) {
            if (isOurs(s.source(), me) || !s.sourcePorts().isAny()) continue;
            boolean ports = s.protocol() == TCP || s.protocol() == UDP || s.protocol() == SCTP;
            PortRange local = s.destinationPorts();
            ProtectedPeer flow = new ProtectedPeer(prefix(s.source()), s.protocol(),
                    ports && !local.isAny() ? new ProtectedPeer.Ports(local.from(), local.to()) : ProtectedPeer.Ports.ANY);
            if (peers.stream().noneMatch(p -> covers(p, flow))) exempt.add(flow);
        }
    }

    /** {@code outer} drops all of {@code inner}'s traffic (same or wider source, any or same protocol and ports). */
    private static boolean covers(ProtectedPeer outer, ProtectedPeer inner) {
        Subnet o = Subnet.of(outer.source().address(), outer.source().length());
        boolean protocol = outer.protocol() == 0 || outer.protocol() == inner.protocol();
        boolean ports = outer.localPorts().isAny() || outer.localPorts().equals(inner.localPorts());
        return o.covers(Subnet.of(inner.source().address(), inner.source().length())) && protocol && ports;
    }

    static SpdRule.Action action(FilterAction a) {
        if (a instanceof FilterAction.Permit) return SpdRule.Action.PERMIT;
        if (a instanceof FilterAction.Block) return SpdRule.Action.BLOCK;
        return SpdRule.Action.NEGOTIATE;
    }

    static boolean acceptsUnsecured(Rule r) {
        return r.action() instanceof FilterAction.Negotiate n && n.acceptUnsecured();
    }

    static boolean fallsBack(Rule r) {
        return r.action() instanceof FilterAction.Negotiate n && n.fallbackToClear();
    }

    /**
     * The far side of a filter as written: the side that is not one of our addresses; when neither
     * is (tunnel mode), the destination, as in Windows, where a filter goes from our side to
     * theirs and the tunnel endpoint is "the computer closest to the destination".
     */
    static Subnet remoteSide(Selector written, List<InetAddress> me) {
        return isOurs(written.destination(), me) && !isOurs(written.source(), me) ? written.source() : written.destination();
    }

    /** Our address as the route's source: the local side itself, or the first host address inside it (never for "any"). */
    private static InetAddress preferredSource(Subnet local, List<InetAddress> host) {
        if (local.isAny()) return null;
        if (local.isHost()) return host.contains(local.network()) ? local.network() : null;
        return host.stream().filter(local::contains).findFirst().orElse(null);
    }

    /** A host prefix that is one of our addresses (the mirror of an outbound filter). */
    private static boolean isOurs(Subnet s, List<InetAddress> me) {
        return s.isHost() && me.contains(s.network());
    }

    static IpPrefix prefix(Subnet s) {
        return new IpPrefix(s.network(), s.prefix());
    }

    /** Inbound, the filter's destination is the source; its source ports are our local ports. */
    private static ProtectedPeer protectedPeer(Selector s) {
        boolean ports = s.protocol() == TCP || s.protocol() == UDP || s.protocol() == SCTP;
        PortRange local = s.sourcePorts();
        ProtectedPeer.Ports p = ports && !local.isAny() ? new ProtectedPeer.Ports(local.from(), local.to()) : ProtectedPeer.Ports.ANY;
        return new ProtectedPeer(prefix(s.destination()), s.protocol(), p);
    }
}
