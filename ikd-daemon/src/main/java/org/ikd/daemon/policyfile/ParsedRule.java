package org.ikd.daemon.policyfile;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.Rule;

/**
 * A rule as the file states it, before {@code me} is resolved: the core rule's parts, whether it
 * is enabled, and its {@link RuleOptions}.
 *
 * @param tunnelEndpoint      the peer's tunnel endpoint, or null for transport mode
 * @param localTunnelEndpoint our tunnel endpoint, or null to choose by route
 */
public record ParsedRule(String name, boolean enabled, FilterListTemplate filterList, FilterAction action,
                         List<AuthenticationMethod> authentication, InetAddress tunnelEndpoint,
                         InetAddress localTunnelEndpoint, RuleOptions options) {
    public ParsedRule {
        authentication = List.copyOf(authentication);
    }

    /** The core rule on a host with {@code localAddresses}; empty when disabled or no filter applies here. */
    public Optional<Rule> resolve(List<InetAddress> localAddresses) {
        if (!enabled) return Optional.empty();
        return filterList.resolve(localAddresses).map(list ->
                new Rule(name, list, action, authentication, tunnelEndpoint, localTunnelEndpoint, false, options.negotiation()));
    }
}
