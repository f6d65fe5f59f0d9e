package org.ikd.core.ike.exchange;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.ike.RemoteAccessSession;
import org.ikd.core.ike.auth.PeerAuthentication;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.RemoteAccess;
import org.ikd.core.policy.Subnet;
import org.ikd.core.policy.Rule;

/**
 * The gateway side of remote access (draft-beaulieu-ike-xauth-02, draft-dukes-ike-mode-cfg-02):
 * <ol>
 * <li>Main Mode completes with a road warrior whose proof (group PSK or certificate) satisfies a
 *     remote-access rule: the SA gets a {@link RemoteAccessSession}, and we send XAUTH CFG_REQUEST
 *     ({@link XauthRequest});
 * <li>its CFG_REPLY is checked against the rule's {@link org.ikd.core.policy.XauthUsers}; wrong: another request, up to the
 *     rule's attempts; then CFG_SET(STATUS OK or FAIL) ({@link XauthStatus}); FAIL deletes the ISAKMP SA;
 * <li>the client pulls its configuration, CFG_REQUEST --&gt; &lt;-- CFG_REPLY ({@link ModeConfigResponder}):
 *     a virtual address from the rule's pool, DNS servers, split-include networks; or with
 *     {@code mode-config = "push"} we send it, &lt;-- CFG_SET, CFG_ACK --&gt; ({@link ModeConfigPush});
 * <li>its Quick Modes may ask only for the leased address on its side ({@link PhaseTwoBinding}).
 * </ol>
 * Holds one address pool per rule. Confined to the IKE event loop.
 */
final class RemoteAccessGateway {
    private final Ikev1Exchanges context;
    private final Map<String, AddressPool> pools = new HashMap<>();
    private final XauthLockout lockout = new XauthLockout();

    RemoteAccessGateway(Ikev1Exchanges context) {
        this.context = context;
    }

    /** Step 1: a road warrior's Main Mode is done; XAUTH starts. Peers of ordinary rules are left alone. */
    void afterPhaseOne(IsakmpSa sa, Instant now) {
        if (sa.role() != IsakmpSa.Role.RESPONDER || sa.remoteAccess() != null) return;
        Optional<Rule> rule = ruleFor(sa, now);
        if (rule.isEmpty()) return;
        RemoteAccessSession session = new RemoteAccessSession(rule.get().name());
        sa.remoteAccess(session);
        if (rule.get().options().remoteAccess().xauth()) XauthRequest.queue(sa, context, rule.get());
        else {
            session.authenticated(sa.peerId());          // the Main Mode identity is the user (xauth = false)
            if (rule.get().options().remoteAccess().push()) ModeConfigPush.queue(sa, context, rule.get());
        }
    }

    /** The first remote-access rule, in policy order, whose authentication accepts what the peer proved. */
    Optional<Rule> ruleFor(IsakmpSa sa, Instant now) {
        PeerAuthentication proof = sa.authentication();
        if (proof == null) return Optional.empty();
        return context.policy().rules().stream()
                .filter(r -> r.isRemoteAccess() && r.action() instanceof FilterAction.Negotiate && proof.satisfies(r, now))
                .findFirst();
    }

    /** Wrong passwords per user, across Main Modes. */
    XauthLockout lockout() {
        return lockout;
    }

    /** The default pool of {@code rule}. */
    AddressPool pool(Rule rule) {
        return pool(rule, rule.options().remoteAccess().pool());
    }

    /** The pool of {@code rule} for the peer that proved {@code peerId}: its group's ({@link RemoteAccess#poolFor}) or the rule's. */
    AddressPool pool(Rule rule, String peerId) {
        return pool(rule, rule.options().remoteAccess().poolFor(peerId));
    }

    /** The IPv6 pool of {@code rule} ({@link RemoteAccess#pool6}, not null). */
    AddressPool pool6(Rule rule) {
        return pool(rule, rule.options().remoteAccess().pool6());
    }

    /** Made when first used; a policy change that drops a pool leaves its leases to go back to the old object. */
    private AddressPool pool(Rule rule, Subnet subnet) {
        return pools.computeIfAbsent(rule.name() + " " + subnet, k -> new AddressPool(subnet));
    }
}
