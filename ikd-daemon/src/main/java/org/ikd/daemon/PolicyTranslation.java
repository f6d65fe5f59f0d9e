package org.ikd.daemon;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * <li>routes into the TUN: the destinations of negotiate and block rules (transport mode: the
 *     peer hosts; tunnel mode: the remote subnets), never one of our own addresses; where the
 *     filter's source is one of our addresses (transport mode), that address is the route's
 *     preferred source, so an unbound socket's packets match the selector (the first one wins);
 * <li>inbound enforcement: the sources that must arrive protected, i.e. the far side of every
 *     negotiate rule whose filter action does not accept unsecured communication; and, exempt
 *     from that, the mirrored traffic of permit and accept-unsecured rules that no rule above
 *     them protects (first match wins inbound too, as outbound).
 * </ol>
 */
record PolicyTranslation(List<SpdRule> spdRules, Set<IpPrefix> routes, InboundEnforcement enforcement,
                         Map<IpPrefix, InetAddress> preferredSources) {
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int SCTP = 132;

    PolicyTranslation(List<SpdRule> spdRules, Set<IpPrefix> routes, InboundEnforcement enforcement) {
        this(spdRules, routes, enforcement, Map.of());
    }

    static PolicyTranslation of(Policy policy, List<InetAddress> me) {
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
            for (Selector s : selectors) {
                if (isOurs(s.destination(), me)) continue;
                routes.add(prefix(s.destination()));
                if (isOurs(s.source(), me)) sources.putIfAbsent(prefix(s.destination()), s.source().network());
                if (rule.action() instanceof FilterAction.Negotiate && !acceptsUnsecured(rule)) peers.add(protectedPeer(s));
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
