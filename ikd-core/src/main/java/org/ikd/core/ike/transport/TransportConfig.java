package org.ikd.core.ike.transport;

import java.net.InetAddress;
import java.util.List;

/**
 * Where and how the IKE transport listens.
 *
 * @param localAddresses  one UDP socket per address and port, so answers leave from the address
 *                        the request came to (PLATFORM.md: Netty does not send from a chosen source)
 * @param isakmpPort      500 (tests use high ports)
 * @param natTraversalPort 4500
 * @param socketMark      SO_MARK for every socket (needs epoll and CAP_NET_ADMIN; 0 = leave unset): the
 *                        TUN routing sends marked packets around the tunnel device
 * @param preferEpoll     use epoll when it is available (else, or when false, NIO)
 * @param receiveBufferBytes the largest datagram read at once
 * @param sharedNatTraversalPort bind the NAT-T sockets with SO_REUSEPORT (epoll only), so that the data plane's
 *                        ESP-in-UDP socket can join their group and take the ESP (ikd-tun PosixEspInUdpSocket)
 */
public record TransportConfig(List<InetAddress> localAddresses, int isakmpPort, int natTraversalPort, int socketMark,
                              boolean preferEpoll, int receiveBufferBytes, boolean sharedNatTraversalPort) {
    public TransportConfig {
        localAddresses = List.copyOf(localAddresses);
        if (localAddresses.isEmpty()) throw new IllegalArgumentException("no local address to listen on");
        checkPort(isakmpPort);
        checkPort(natTraversalPort);
        if (isakmpPort == natTraversalPort && isakmpPort != 0)
            throw new IllegalArgumentException("IKE and NAT-T share port " + isakmpPort + " (expected: two ports)");
        if (receiveBufferBytes < 2048) throw new IllegalArgumentException("receive buffer " + receiveBufferBytes + " (expected: >= 2048)");
    }

    public TransportConfig(List<InetAddress> localAddresses, int isakmpPort, int natTraversalPort, int socketMark,
                           boolean preferEpoll, int receiveBufferBytes) {
        this(localAddresses, isakmpPort, natTraversalPort, socketMark, preferEpoll, receiveBufferBytes, false);
    }

    /** UDP 500 and 4500 on {@code addresses}, epoll if possible, no mark. */
    public static TransportConfig standard(List<InetAddress> addresses) {
        return new TransportConfig(addresses, 500, 4500, 0, true, 65535);
    }

    public TransportConfig withPorts(int isakmp, int natTraversal) {
        return new TransportConfig(localAddresses, isakmp, natTraversal, socketMark, preferEpoll, receiveBufferBytes, sharedNatTraversalPort);
    }

    public TransportConfig withSocketMark(int mark) {
        return new TransportConfig(localAddresses, isakmpPort, natTraversalPort, mark, preferEpoll, receiveBufferBytes, sharedNatTraversalPort);
    }

    public TransportConfig withEpoll(boolean prefer) {
        return new TransportConfig(localAddresses, isakmpPort, natTraversalPort, socketMark, prefer, receiveBufferBytes, sharedNatTraversalPort);
    }

    public TransportConfig withSharedNatTraversalPort(boolean shared) {
        return new TransportConfig(localAddresses, isakmpPort, natTraversalPort, socketMark, preferEpoll, receiveBufferBytes, shared);
    }

    private static void checkPort(int port) {
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port " + port + " (expected: 1..65535)");
    }
}
