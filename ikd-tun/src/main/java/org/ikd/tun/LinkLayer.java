package org.ikd.tun;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;

/**
 * Everything the daemon asks of the host's network stack, for the names and numbers in its
 * {@link LinkSettings}. Routing scheme (docs/tun.md): a rule "not fwmark MARK lookup TABLE" sends every
 * unmarked packet to TABLE first, where protected destinations point into the TUN device; ikd's own
 * sockets carry MARK and so use the ordinary tables.
 *
 * <p>Lifecycle, called from one control thread: {@link #cleanupLeftovers()} → {@link #openTun()} →
 * routes, sockets, {@link #enforce} → {@link #close()}, which removes all of it again.
 */
public interface LinkLayer extends Closeable {
    /**
     * Removes what a previous run that crashed left behind: rules at the priority, routes of the
     * table, a device with the TUN name, the nftables table. Idempotent; safe when nothing is left.
     */
    void cleanupLeftovers() throws IOException;

    /** Creates the TUN device (queues, MTU, addresses, up) and installs the policy-routing rule. */
    TunDevice openTun() throws IOException;

    /**
     * As {@link #openTun()}, asking for TUN offloads (TSO out, coalesced writes in; docs/tun.md) when
     * {@code offloads}; a kernel that refuses them gets a plain device (see {@link TunQueue#offloads()}).
     */
    default TunDevice openTun(boolean offloads) throws IOException {
        return openTun();
    }

    /** Routes a protected destination into the TUN device; idempotent. The kernel picks the source. */
    void routeIntoTun(IpPrefix destination) throws IOException;

    /**
     * Routes a protected destination into the TUN device with a preferred source (RTA_PREFSRC): for
     * a transport-mode peer, our address of that rule, so that a program which does not bind gets
     * the source the SA's selector expects (the TUN has no address of its own, so the kernel would
     * otherwise take any local one, e.g. one on lo). {@code preferredSource} must be a local address
     * of the destination's family, or null. Idempotent: a route that exists is left as it is.
     * Implementations that cannot set a source (test doubles) route without one.
     */
    default void routeIntoTun(IpPrefix destination, InetAddress preferredSource) throws IOException {
        routeIntoTun(destination);
    }

    /** Removes such a route; idempotent. */
    void unrouteFromTun(IpPrefix destination) throws IOException;

    /** A raw socket for one IP protocol (50 ESP, 51 AH), marked, optionally bound to a local address. */
    RawIpSocket openRawSocket(IpFamily family, int protocol, InetAddress bindTo) throws IOException;

    /**
     * As above, socket {@code index} of {@code pumps} of that protocol: it keeps only the SPIs of its index
     * (SPI mod pumps), so each inbound SA has one reader.
     */
    default RawIpSocket openRawSocket(IpFamily family, int protocol, int pumps, int index) throws IOException {
        if (pumps == 1) return openRawSocket(family, protocol, null);
        throw new IOException("no SPI-spread raw sockets on this link layer");
    }

    /**
     * A marked UDP socket for ESP in UDP, joining the SO_REUSEPORT group of the IKE socket already bound
     * to {@code local}:{@code port} and steering ESP to itself ({@link EspInUdpSocket}): one of {@code pumps}
     * that join in turn, each taking the SPIs of its index.
     */
    default EspInUdpSocket openEspInUdpSocket(InetAddress local, int port, int pumps) throws IOException {
        throw new IOException("no ESP-in-UDP socket on this link layer");
    }

    /** A marked header-included socket that sends permitted cleartext packets unmodified. */
    RawIpSocket openHeaderIncludedSocket(IpFamily family) throws IOException;

    /** Creates the nftables table, or replaces its rules atomically. */
    void enforce(InboundEnforcement enforcement) throws IOException;

    /** The mark every socket of ikd must carry ({@code SO_MARK}), e.g. the IKE transport's UDP sockets. */
    int fwmark();

    /** Lower-level access, for diagnostics and tests. */
    Routing routing();

    /** Removes the rule, the table's routes and the nftables table, and closes the TUN device. */
    @Override
    void close() throws IOException;
}
