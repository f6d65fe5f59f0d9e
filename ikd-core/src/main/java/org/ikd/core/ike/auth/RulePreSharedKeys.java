package org.ikd.core.ike.auth;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.Filter;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Rule;
import org.ikd.core.policy.Selector;

/**
 * Pre-shared keys from the policy's rules (the Windows model: a key belongs to a rule's
 * authentication methods). A rule applies to a peer that is its tunnel endpoint, or, in transport
 * mode, an address its filters cover on the far side. Rules in priority order, keys in rule order.
 * A peer that no explicit negotiate rule applies to gets the default response's keys, if it is on
 * (Windows: the default response answers any peer that no rule names).
 */
public final class RulePreSharedKeys implements PreSharedKeys {
    private final Supplier<Policy> policy;

    public RulePreSharedKeys(Supplier<Policy> policy) {
        this.policy = policy;
    }

    @Override
    public List<Candidate> forPeer(InetAddress peer) {
        List<Candidate> out = new ArrayList<>();
        for (Rule r : rulesFor(policy.get(), peer)) {
            for (AuthenticationMethod m : r.authentication())
                if (m instanceof AuthenticationMethod.PreSharedKey k && out.stream().noneMatch(c -> c.key() == k.key()))
                    out.add(new Candidate(k.key(), null, "rule '" + r.name() + "' (" + k.source() + ")"));
        }
        return out;
    }

    /**
     * The negotiate rules whose authentication methods Main Mode uses with {@code peer}, in priority
     * order: the explicit rules that apply to it, else the default response (when on), else none.
     */
    public static List<Rule> rulesFor(Policy policy, InetAddress peer) {
        List<Rule> out = new ArrayList<>();
        for (Rule r : policy.rules())
            if (r.action() instanceof FilterAction.Negotiate && appliesTo(r, peer)) out.add(r);
        if (out.isEmpty() && policy.hasDefaultResponse()) out.add(policy.defaultResponse());
        return out;
    }

    /** True when {@code r} may negotiate with {@code peer}; a remote-access rule with any peer (road warriors roam). */
    public static boolean appliesTo(Rule r, InetAddress peer) {
        if (r.isRemoteAccess()) return true;
        if (r.isTunnel()) return r.tunnelEndpoint().equals(peer);
        for (Filter f : r.filterList().filters())
            for (Selector s : f.expand())
                if (s.destination().contains(peer)) return true;
        return false;
    }
}
