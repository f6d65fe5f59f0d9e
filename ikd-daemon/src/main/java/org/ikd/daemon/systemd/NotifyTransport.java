package org.ikd.daemon.systemd;

import java.io.IOException;

/**
 * Sends one datagram to an AF_UNIX SOCK_DGRAM address: a path, or {@code @name} for the abstract
 * namespace (as {@code $NOTIFY_SOCKET} spells it). The daemon wires
 * {@link UnixDatagramTransport}; tests use a recording double.
 */
@FunctionalInterface
public interface NotifyTransport {
    void send(String address, byte[] datagram) throws IOException;
}
