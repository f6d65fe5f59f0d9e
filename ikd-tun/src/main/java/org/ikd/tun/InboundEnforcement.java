package org.ikd.tun;

import java.util.List;

/**
 * What the host must refuse in cleartext: the peers (and their traffic) the policy requires to be
 * protected. Peers whose filter action accepts unsecured communication are simply not listed.
 * An empty list still installs the (then permissive) table.
 */
public record InboundEnforcement(List<ProtectedPeer> peers) {
    public InboundEnforcement {
        peers = List.copyOf(peers);
    }

    public static InboundEnforcement none() {
        return new InboundEnforcement(List.of());
    }
}
