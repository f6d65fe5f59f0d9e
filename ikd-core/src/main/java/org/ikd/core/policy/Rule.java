package org.ikd.core.policy;

import java.net.InetAddress;
import java.util.List;

/**
 * A Windows IPsec rule: filter list + filter action + authentication methods + optional tunnel
 * endpoint. No tunnel endpoint means transport mode. {@code dynamic} marks rules added at run
 * time through the control socket (ipsecpol's dynamic mode), forgotten at restart.
 *
 * @param tunnelEndpoint the peer's tunnel endpoint, or null for transport mode
 * @param localTunnelEndpoint our tunnel endpoint address, or null to choose by route
 * @param options             replay window and NAT-T of the rule's SAs; null for the defaults
 */
public record Rule(String name, FilterList filterList, FilterAction action, List<AuthenticationMethod> authentication,
                   InetAddress tunnelEndpoint, InetAddress localTunnelEndpoint, boolean dynamic,
                   NegotiationOptions options) {
    public Rule {
        authentication = List.copyOf(authentication);
        if (options == null) options = NegotiationOptions.DEFAULT;
        if (action instanceof FilterAction.Negotiate && authentication.isEmpty())
            throw new IllegalArgumentException("rule '" + name + "' negotiates but has no authentication method");
    }

    /** With the default {@link NegotiationOptions}. */
    public Rule(String name, FilterList filterList, FilterAction action, List<AuthenticationMethod> authentication,
                InetAddress tunnelEndpoint, InetAddress localTunnelEndpoint, boolean dynamic) {
        this(name, filterList, action, authentication, tunnelEndpoint, localTunnelEndpoint, dynamic, NegotiationOptions.DEFAULT);
    }

    public boolean isTunnel() {
        return tunnelEndpoint != null;
    }

    /** A gateway rule for road warriors: tunnel mode to any peer, XAUTH and Mode-Config ({@link RemoteAccess}). */
    public boolean isRemoteAccess() {
        return options.remoteAccess() != null;
    }
}
