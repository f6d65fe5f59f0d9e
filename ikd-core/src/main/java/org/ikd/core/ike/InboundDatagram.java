package org.ikd.core.ike;

import java.net.InetSocketAddress;
import java.util.Objects;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.policy.AddressText;

/**
 * One ISAKMP message as the transport received it. {@code natTraversalPort} is true when it
 * came to UDP 4500; the transport has already removed the non-ESP marker (RFC 3948 §2.2).
 *
 * @param local  the address and port it was sent to (we answer from there)
 * @param remote the address and port it came from
 */
public record InboundDatagram(InetSocketAddress local, InetSocketAddress remote, boolean natTraversalPort, Bytes message) {
    public InboundDatagram {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return message.length() + " bytes " + AddressText.of(remote) + " -> " + AddressText.of(local) + (natTraversalPort ? " (nat-t)" : "");
    }
}
