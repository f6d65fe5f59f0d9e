package org.ikd.core.ike.transport;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Receives the ESP packets that arrive UDP-encapsulated on port 4500 (RFC 3948 §2.1: first four
 * octets a non-zero SPI). The data plane implements it. Called on the IKE event loop: it must not
 * block; {@code esp} (from the SPI on, UDP header gone) is valid only during the call: copy it.
 */
@FunctionalInterface
public interface EspInUdpSink {
    void receive(ByteBuffer esp, InetSocketAddress local, InetSocketAddress remote);

    /** Drops everything: until the data plane is wired in. */
    EspInUdpSink DISCARD = (esp, local, remote) -> { };
}
