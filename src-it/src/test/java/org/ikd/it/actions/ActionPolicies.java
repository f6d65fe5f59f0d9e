package org.ikd.it.actions;

import org.ikd.it.lab.PolicyToml;
import org.ikd.it.lab.TwoHosts;

/** Host A's policies for {@link PolicyActionsIT}: one peer, B, and the filter action under test. */
final class ActionPolicies {
    private ActionPolicies() {}

    private static PolicyToml head(boolean acceptUnsecured) {
        return PolicyToml.named("it-actions", TwoHosts.A)
                .filterList("icmp", "{ source = \"me\", destination = \"" + TwoHosts.B + "\", protocol = \"icmp\" }")
                .filterList("peer", PolicyToml.peerOf(TwoHosts.B))
                .negotiate("require-security", "esp = \"aes128gcm16\"", "accept-unsecured = " + acceptUnsecured);
    }

    /** Everything with B blocked. */
    static String block() {
        return head(false).rule("peer", "peer", "block").render();
    }

    /** ICMP with B permitted, then everything else with B under {@code action} (block or require-security). */
    static String permitIcmpThen(String action) {
        return rule(head(false).rule("ping", "icmp", "permit"), "peer", "peer", action).render();
    }

    /** Everything with B negotiated; {@code acceptUnsecured}: B's cleartext is let in. */
    static String negotiate(boolean acceptUnsecured) {
        return head(acceptUnsecured).pskRule("peer", "peer", "require-security").render();
    }

    /** Only a negotiating rule authenticates (with the PSK). */
    private static PolicyToml rule(PolicyToml toml, String name, String list, String action) {
        return action.equals("require-security") ? toml.pskRule(name, list, action) : toml.rule(name, list, action);
    }
}
