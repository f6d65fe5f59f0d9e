package org.ikd.core.ike.exchange;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.ike.NegotiationFailure;
import org.ikd.core.ike.RemoteAccessSession;
import org.ikd.core.ike.auth.PeerAuthentication;
import org.ikd.core.ike.auth.RulePreSharedKeys;
import org.ikd.core.policy.AddressText;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Rule;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;

/**
 * Binds a peer's Quick Mode to its Main Mode (RFC 2409 §5.5: phase 2 is protected and authenticated
 * by the ISAKMP SA; §9: the IDs of phase 2 are the peer's claim, checked against local policy). A
 * responder takes the first negotiate rule, in priority order, that passes all of:
 * <ol>
 * <li>its filters cover the proposed traffic (narrowing is allowed, widening is not);
 * <li>transport mode: the peer's side is exactly the peer's own address (the ISAKMP SA's endpoint;
 *     behind a NAT, the IDs are first translated to it: {@link NatOriginalAddresses#translated});
 *     tunnel mode: the rule's tunnel endpoint is the ISAKMP SA's peer;
 * <li>its authentication methods accept what the peer proved in Main Mode ({@link PeerAuthentication}).
 * </ol>
 * A peer authenticated for one rule thus never gets another rule's traffic, another host's address
 * or a subnet in transport mode. After the explicit rules comes the default response, when on
 * ({@link Policy#respondingRules}): transport mode only, between our own address (the ISAKMP SA's)
 * and the peer's, so that any peer its authentication accepts gets exactly that and nothing wider.
 * Refusals name the rules the peer is authenticated for.
 */
final class PhaseTwoBinding {
    private final IsakmpSa sa;
    private final Policy policy;
    private final Instant now;

    PhaseTwoBinding(IsakmpSa sa, Policy policy, Instant now) {
        this.sa = sa;
        this.policy = policy;
        this.now = now;
    }

    /** The rule for {@code outbound} (ours -> the peer's side), or null; {@code transportOnly} for NAT-translated IDs. */
    Rule ruleFor(Selector outbound, boolean transportOnly) {
        RemoteAccessSession roadWarrior = sa.remoteAccess();
        if (roadWarrior != null) return roadWarriorRule(roadWarrior, outbound);
        for (Rule r : policy.respondingRules()) {
            if (r.isRemoteAccess()) continue;                     // only after XAUTH, for the leased address

            if (r.isTunnel() ? transportOnly || !r.tunnelEndpoint().equals(peer()) : !ownAddress(outbound)) continue;
            if (policy.isDefaultResponse(r) && !outbound.source().equals(Subnet.host(sa.local().getAddress()))) continue;
            if (covers(r, outbound) && authorized(r)) return r;
        }
        return null;
    }

    /**
     * A road warrior (draft-beaulieu-ike-xauth-02 §4: no phase 2 before XAUTH succeeded) gets its own
     * remote-access rule only, and only for the address Mode-Config leased it on its side (tunnel mode:
     * its IDci is that one host) and the rule's filters on ours.
     */
    private Rule roadWarriorRule(RemoteAccessSession session, Selector outbound) {
        if (!session.authenticated() || !session.hasLease()) return null;
        if (!session.holds(outbound.destination())) return null;
        Rule r = policy.rule(session.ruleName()).orElse(null);
        return r != null && r.isRemoteAccess() && covers(r, outbound) && authorized(r) ? r : null;
    }

    /** Why a road warrior's Quick Mode was refused. */
    private String roadWarriorRefusal(RemoteAccessSession session, Selector outbound) {
        String who = "road warrior " + AddressText.of(peer());
        if (!session.authenticated())
            return who + " asked for " + outbound + " before XAUTH succeeded (" + session.state().name().toLowerCase()
                    + "): no Quick Mode without it";
        if (!session.hasLease()) return who + " (user '" + session.user() + "') asked for " + outbound
                + " before Mode-Config gave it an address";
        if (!session.holds(outbound.destination()))
            return who + " (user '" + session.user() + "') asked for " + outbound.destination() + ", but its leased address is "
                    + (session.leased() == null ? "" : AddressText.of(session.leased()))
                    + (session.leased6() == null ? "" : (session.leased() == null ? "" : " and ") + AddressText.of(session.leased6()));
        return who + " (user '" + session.user() + "') asked for " + outbound + ", which rule '" + session.ruleName() + "' does not cover";
    }

    /** A rule may key Quick Modes on this ISAKMP SA (the initiator's check before it reuses one). */
    static boolean authorized(IsakmpSa sa, Rule rule, Instant now) {
        PeerAuthentication proof = sa.authentication();
        return proof == null || proof.satisfies(rule, now);
    }

    /** Why no rule took {@code outbound}: the failure to throw, counted as a refused selector. */
    NegotiationFailure refusal(Selector outbound, Bytes answer) {
        if (sa.remoteAccess() != null)
            return NegotiationFailure.selectorsRefused(IkeEvent.Phase.QUICK_MODE, roadWarriorRefusal(sa.remoteAccess(), outbound), answer);
        String who = "peer " + AddressText.of(peer()) + " (authenticated for " + authenticatedFor() + ")";
        String reason;
        if (!ownAddress(outbound) && coveredByAny(outbound, true))
            reason = who + " asked for " + outbound.destination() + ", which is not its own address (transport mode: "
                    + outbound + ")";
        else
            reason = who + " asked for " + outbound + ", which no rule it is authenticated for allows"
                    + (coveredByAny(outbound, false) ? "" : " (no rule of the policy covers it)");
        return NegotiationFailure.selectorsRefused(IkeEvent.Phase.QUICK_MODE, reason, answer);
    }

    /** True when some negotiate rule covers {@code s}; with {@code authorizedTransport}, a transport rule the peer may use. */
    private boolean coveredByAny(Selector s, boolean authorizedTransport) {
        for (Rule r : policy.respondingRules()) {
            if (!covers(r, s)) continue;
            if (!authorizedTransport || !r.isTunnel() && authorized(r)) return true;
        }
        return false;
    }

    private String authenticatedFor() {
        List<String> names = new ArrayList<>();
        for (Rule r : policy.respondingRules())
            if (RulePreSharedKeys.appliesTo(r, peer()) && authorized(r))
                names.add("'" + r.name() + "'");
        if (names.isEmpty()) return "no rule of the current policy";
        return "rule " + String.join(" and rule ", names);
    }

    private boolean authorized(Rule r) {
        return authorized(sa, r, now);
    }

    /** RFC 2409 §5.5 transport mode: the peer's side is one host, the peer itself; ours is one host too. */
    private boolean ownAddress(Selector outbound) {
        return outbound.destination().equals(Subnet.host(peer())) && outbound.source().isHost();
    }

    private static boolean covers(Rule r, Selector outbound) {
        for (var f : r.filterList().filters())
            for (Selector s : f.expand())
                if (outbound.within(s)) return true;
        return false;
    }

    private InetAddress peer() {
        return sa.remote().getAddress();
    }
}
