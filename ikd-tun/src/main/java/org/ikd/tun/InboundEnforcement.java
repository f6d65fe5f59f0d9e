package org.ikd.tun;

import java.util.List;

/**
 * What the host must refuse in cleartext: the peers (and their traffic) the policy requires to be
 * protected. Peers whose filter action accepts unsecured communication are simply not listed.
 * {@code exempt} is cleartext that a rule above the protecting one lets in (a permit rule, or a
 * negotiate rule that accepts unsecured communication, e.g. Windows' "permit ICMP" ahead of
 * "require security"); it is accepted before any drop. An empty list still installs the (then
 * permissive) table.
 */
public record InboundEnforcement(List<ProtectedPeer> peers, List<ProtectedPeer> exempt) {
    public InboundEnforcement {
        peers = List.copyOf(peers);
        exempt = List.copyOf(exempt);
    }

    public InboundEnforcement(List<ProtectedPeer> peers) {
        this(peers, List.of());
    }

    public static InboundEnforcement none() {
        return new InboundEnforcement(List.of());
    }
}
