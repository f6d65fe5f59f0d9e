package org.ikd.core.ike.exchange;

import java.net.InetAddress;
import java.util.Optional;
import org.ikd.core.crypto.Secret;
import org.ikd.core.ike.auth.RuleIdentities;
import org.ikd.core.ike.auth.RulePreSharedKeys;
import org.ikd.core.isakmp.payload.IdentificationPayload;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.Identity;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Rule;

/**
 * Which rule answers an Aggressive Mode (RFC 2409 §5.4): the responder must choose the pre-shared key
 * from message 1 alone, since HASH_R in its answer already depends on it. The first negotiate rule, in
 * priority order, that opted in ({@code aggressive = true}), holds a pre-shared key, applies to the
 * peer's address, and whose {@code peer-id} (when set) is the peer's IDii: an address, an FQDN or a
 * KEY_ID group name (RFC 2407 §4.6.2.1). No such rule: the exchange is refused as unspoken. Stateless.
 */
final class AggressiveRules {
    private AggressiveRules() {}

    /** The rule that answers {@code idii} from {@code peer}, if one opted in. */
    static Optional<Rule> select(Policy policy, InetAddress peer, IdentificationPayload idii) {
        for (Rule r : policy.rules()) {
            if (!(r.action() instanceof FilterAction.Negotiate) || !r.options().aggressive() || preSharedKey(r) == null) continue;
            if (!RulePreSharedKeys.appliesTo(r, peer)) continue;
            Identity wanted = r.options().peerId();
            if (wanted == null || RuleIdentities.mismatchWithPeer(wanted, idii).isEmpty()) return Optional.of(r);
        }
        return Optional.empty();
    }

    /** The rule's first pre-shared key, or null: Aggressive Mode is spoken with pre-shared keys only. */
    static Secret preSharedKey(Rule r) {
        for (AuthenticationMethod a : r.authentication())
            if (a instanceof AuthenticationMethod.PreSharedKey k) return k.key();
        return null;
    }

    /** Our ID in Aggressive Mode: the rule's {@code local-id}, else our address. */
    static IdentificationPayload ourId(Rule r, InetAddress local) {
        Identity id = r.options().localId();
        return id == null ? Identities.ofAddress(local) : RuleIdentities.payload(id, null);
    }
}
