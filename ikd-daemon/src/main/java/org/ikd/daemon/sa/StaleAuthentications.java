package org.ikd.daemon.sa;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.ike.Step;
import org.ikd.core.ike.auth.PeerAuthentication;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Rule;

/**
 * After a reload or a policy change: an ISAKMP SA whose authentication no negotiate rule of the
 * new policy accepts any more (its pre-shared key is gone, the rule now wants a certificate, the
 * certificate's CA, CRL or peer-id changed) is deleted with a Delete payload (RFC 2408 §3.15), and
 * so are the IPsec SA pairs it keyed: what the admin took out of the policy stops protecting, and
 * vouching for, traffic at once rather than at the SA's expiry. Runs on the IKE event loop.
 */
public final class StaleAuthentications {
    private StaleAuthentications() {}

    /** The deletions; {@code pairsOf} names the pairs each ISAKMP SA (by serial) keyed. */
    public static Step delete(IkeEngine engine, Policy policy, List<InstalledPairs.Installed> pairs, Instant now) {
        List<IsakmpSa> stale = new ArrayList<>();
        for (IsakmpSa sa : engine.isakmpSas()) {
            PeerAuthentication a = sa.authentication();
            if (a != null && !accepted(a, policy, now)) stale.add(sa);
        }
        if (stale.isEmpty()) return Step.NONE;
        Set<Long> serials = new HashSet<>();
        stale.forEach(sa -> serials.add(sa.serial()));
        String why = "its authentication is no longer in the policy";
        Step.Builder b = Step.builder();
        for (InstalledPairs.Installed i : pairs)              // the pairs first: their Deletes travel under the ISAKMP SA
            if (serials.contains(i.mainModeId()))
                b.add(engine.deleteIpsecSa(i.pair().id(), "keyed by an ISAKMP SA whose authentication is no longer in the policy", now));
        for (IsakmpSa sa : stale) b.add(engine.delete(sa.cookies(), why, now));
        return b.build();
    }

    static boolean accepted(PeerAuthentication a, Policy policy, Instant now) {
        List<Rule> rules = new ArrayList<>(policy.rules());
        if (policy.defaultResponse() != null) rules.add(policy.defaultResponse());
        for (Rule r : rules)
            if (r.action() instanceof FilterAction.Negotiate && a.satisfies(r, now)) return true;
        return false;
    }
}
