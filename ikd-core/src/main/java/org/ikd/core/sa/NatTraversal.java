package org.ikd.core.sa;

import java.net.InetAddress;

/**
 * UDP encapsulation of ESP (RFC 3948): the UDP ports of the outer header and, for transport
 * mode, the original addresses from NAT-OA (RFC 3947 §5.2) used to fix inner checksums.
 * {@code originalSource}/{@code originalDestination} may be null when NAT-OA was not sent.
 */
public record NatTraversal(int localPort, int remotePort, InetAddress originalSource, InetAddress originalDestination) {
    public NatTraversal {
        if (localPort <= 0 || localPort > 65535 || remotePort <= 0 || remotePort > 65535)
            throw new IllegalArgumentException("NAT-T ports " + localPort + "/" + remotePort + " (expected: 1..65535)");
    }
}
