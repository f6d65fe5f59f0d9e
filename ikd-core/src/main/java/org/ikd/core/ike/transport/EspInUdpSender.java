package org.ikd.core.ike.transport;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Sends ESP packets UDP-encapsulated (RFC 3948 §2.1) from the NAT-T socket of {@code localAddress}.
 * Thread-safe: the data plane's pumps call it. The bytes from {@code esp}'s position to its limit
 * are copied before the call returns.
 */
@FunctionalInterface
public interface EspInUdpSender {
    /** False when there is no NAT-T socket for {@code local}'s address or the transport is stopped. */
    boolean send(ByteBuffer esp, InetSocketAddress local, InetSocketAddress remote);
}
