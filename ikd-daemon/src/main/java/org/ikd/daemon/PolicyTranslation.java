package org.ikd.daemon;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
 *     peer hosts; tunnel mode: the remote subnets), never one of our own addresses;
 * <li>inbound enforcement: the sources that must arrive protected, i.e. the far side of every
 *     negotiate rule whose filter action does not accept unsecured communication.
 * </ol>
 */
record PolicyTranslation(List<SpdRule> spdRules, Set<IpPrefix> routes, InboundEnforcement enforcement) {
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int SCTP = 132;

    static PolicyTranslation of(Policy policy, List<InetAddress> me) {
        List<SpdRule> spd = new ArrayList<>();
        Set<IpPrefix> routes = new LinkedHashSet<>();
        List<ProtectedPeer> peers = new ArrayList<>();
        int order = 0;
        for (Rule rule : policy.rules()) {
            List<Selector> selectors = new ArrayList<>();
            for (Filter f : rule.filterList().filters()) selectors.addAll(f.expand());
            spd.add(new SpdRule(rule.name(), order++, selectors, action(rule.action()), acceptsUnsecured(rule), fallsBack(rule)));
            if (rule.action() instanceof FilterAction.Permit) continue;
            for (Selector s : selectors) {
                if (isOurs(s.destination(), me)) continue;
                routes.add(prefix(s.destination()));
                if (rule.action() instanceof FilterAction.Negotiate && !acceptsUnsecured(rule)) peers.add(protectedPeer(s));
            }
        }
        return new PolicyTranslation(List.copyOf(spd), Set.copyOf(routes), new InboundEnforcement(peers));
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
