package org.ikd.daemon.policy;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ikd.core.policy.AddressText;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.ikd.esp.DataPlane;
import org.ikd.esp.spd.Spd;
import org.ikd.esp.spd.SpdRule;
import org.ikd.tun.InboundEnforcement;
import org.ikd.tun.IpPrefix;
import org.ikd.tun.LinkLayer;
import org.ikd.tun.ProtectedPeer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a {@link PolicyTranslation} into force: the data plane's SPD, the routes into the TUN
 * device (added and removed by difference) and the nftables table. Also holds the soft
 * associations of "fallback to clear" (Windows' "allow unsecured communication with non
 * IPsec-aware computers"): a PERMIT entry ahead of every rule for the flow whose negotiation
 * failed, and that peer taken out of inbound enforcement, until it expires or an SA with the
 * peer is made. And the pairs the default response answered: no filter of the policy names their
 * traffic, so each pair's outbound selector (our address to the peer's) becomes an SPD entry of its
 * own below every rule, with a host route to the peer into the TUN, while the pair lives; inbound,
 * the SA's selectors check what it decrypts and no nftables rule drops the peer's cleartext (the
 * default response enforces nothing). Thread-safe (synchronized); calls nft, so never from the IKE
 * event loop.
 */
public final class PolicyInForce {
    private static final Logger log = LoggerFactory.getLogger(PolicyInForce.class);

    /** A soft association: cleartext allowed for {@code flow} with {@code peer} until {@code expiresAtNanos}. */
    public record Soft(String rule, Selector flow, InetAddress peer, long expiresAtNanos) {}

    private final DataPlane dp;
    private final LinkLayer link;
    private PolicyTranslation current;
    private final Set<IpPrefix> routed = new HashSet<>();
    private final List<Soft> softs = new ArrayList<>();
    /** The outbound selectors of the default response's installed pairs, by pair id. */
    private final Map<Long, Selector> answered = new LinkedHashMap<>();
    /** The routes into the TUN that only {@link #answered} pairs need. */
    private final Set<IpPrefix> answeredRoutes = new HashSet<>();

    public PolicyInForce(DataPlane dp, LinkLayer link) {
        this.dp = dp;
        this.link = link;
    }

    public synchronized void apply(PolicyTranslation t) throws IOException {
        current = t;
        softs.clear();
        for (IpPrefix p : t.routes()) if (!routed.contains(p)) link.routeIntoTun(p, t.preferredSources().get(p));
        for (IpPrefix p : new ArrayList<>(routed)) if (!t.routes().contains(p) && !answeredRoutes.contains(p)) link.unrouteFromTun(p);
        routed.clear();
        routed.addAll(t.routes());
        for (Selector s : answered.values()) routeAnswered(s);
        push();
        log.info("policy in force: {} SPD rules, {} routes into the TUN, {} protected peers",
                t.spdRules().size(), t.routes().size(), t.enforcement().peers().size());
    }

    public synchronized void addSoft(Soft s) throws IOException {
        softs.add(s);
        push();
    }

    /** Ends the soft associations with {@code peer} (an SA now protects it); true if there were any. */
    public synchronized boolean endSoft(InetAddress peer) throws IOException {
        boolean any = softs.removeIf(s -> s.peer().equals(peer));
        if (any) push();
        return any;
    }

    /** Ends soft associations past their time; returns them. */
    public synchronized List<Soft> expireSoft(long nowNanos) throws IOException {
        List<Soft> out = new ArrayList<>();
        for (Iterator<Soft> it = softs.iterator(); it.hasNext(); ) {
            Soft s = it.next();
            if (nowNanos - s.expiresAtNanos() > 0) {
                out.add(s);
                it.remove();
            }
        }
        if (!out.isEmpty()) push();
        return out;
    }

    /** The default response installed pair {@code pairId}, which sends on {@code outbound} (our address to the peer's). */
    public synchronized void answered(long pairId, Selector outbound) throws IOException {
        answered.put(pairId, outbound);
        routeAnswered(outbound);
        push();
    }

    /** Pair {@code pairId} of the default response is gone: its SPD entry goes, and its route when no other pair needs it. */
    public synchronized void answerEnded(long pairId) throws IOException {
        Selector gone = answered.remove(pairId);
        if (gone == null) return;
        IpPrefix p = PolicyTranslation.prefix(gone.destination());
        if (answered.values().stream().noneMatch(s -> s.destination().equals(gone.destination())) && answeredRoutes.remove(p)
                && !routed.contains(p)) link.unrouteFromTun(p);
        push();
    }

    private void routeAnswered(Selector s) throws IOException {
        IpPrefix p = PolicyTranslation.prefix(s.destination());
        if (routed.contains(p) || answeredRoutes.contains(p)) return;
        link.routeIntoTun(p, s.source().network());
        answeredRoutes.add(p);
    }

    synchronized int softCount() {
        return softs.size();
    }

    public synchronized Set<IpPrefix> routes() {
        return Set.copyOf(routed);
    }

    public synchronized PolicyTranslation current() {
        return current;
    }

    private void push() throws IOException {
        List<SpdRule> rules = new ArrayList<>();
        int order = -softs.size();
        for (Soft s : softs)
            rules.add(new SpdRule("soft:" + s.rule() + ":" + AddressText.of(s.peer()) + ":" + order, order++,
                    List.of(s.flow()), SpdRule.Action.PERMIT, true, false));
        rules.addAll(current.spdRules());
        if (!answered.isEmpty())                          // below every rule of the policy: explicit rules come first
            rules.add(new SpdRule(Policy.DEFAULT_RESPONSE, Integer.MAX_VALUE, List.copyOf(new LinkedHashSet<>(answered.values())),
                    SpdRule.Action.NEGOTIATE, false, false));
        dp.replaceSpd(Spd.of(rules, SpdRule.Action.PERMIT));
        List<ProtectedPeer> peers = new ArrayList<>();
        for (ProtectedPeer p : current.enforcement().peers()) if (!softened(p)) peers.add(p);
        link.enforce(new InboundEnforcement(peers, current.enforcement().exempt()));
    }

    private boolean softened(ProtectedPeer p) {
        for (Soft s : softs) {
            Subnet src = Subnet.of(p.source().address(), p.source().length());
            if (src.contains(s.peer()) || src.covers(s.flow().destination())) return true;
        }
        return false;
    }
}
