package org.ikd.tun;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;

/**
 * A raw IP socket ({@code SOCK_RAW}): one IP protocol (ESP 50, AH 51) in both directions, or a
 * header-included socket ({@code IPPROTO_RAW}) that sends complete IP packets unmodified. Sockets
 * opened through the {@link LinkLayer} carry its firewall mark, so their packets bypass the TUN table.
 *
 * <p>Threads: any number of pumps may send concurrently; each receiver owns its {@link SourceAddress}.
 * Per-packet calls allocate nothing. {@link #close()} wakes a blocked receiver, which then gets -1.
 * The POSIX implementation receives a burst with one {@code recvmmsg} and hands it out one datagram per call.
 */
public interface RawIpSocket extends Closeable {
    IpFamily family();

    /** The IP protocol number, 255 ({@code IPPROTO_RAW}) for a header-included socket. */
    int protocol();

    /**
     * Sends {@code buf[off..off+len)} as the payload of an IP packet to {@code destination}; the
     * kernel writes the IP header. Reuses the encoded destination while the same
     * {@code InetAddress} instance is passed, so cache it per peer.
     *
     * @return {@code len}, or a negative errno when the kernel refused this packet
     *         (-101 ENETUNREACH, -90 EMSGSIZE, -1 EPERM from a firewall...): counted, not thrown
     * @throws IOException when the socket is closed
     */
    int send(byte[] buf, int off, int len, InetAddress destination) throws IOException;

    /**
     * Header-included sockets only: sends the complete IP packet {@code buf[off..off+len)} to the
     * destination written in its header, unmodified (the kernel fills in only a zero checksum,
     * identification or source).
     *
     * @return as {@link #send(byte[], int, int, InetAddress)}
     */
    int sendPacket(byte[] buf, int off, int len) throws IOException;

    /**
     * Header-included sockets only: as {@link #sendPacket}, but the packet may be queued (copied) by
     * the calling thread and sent with the next ones in one syscall by {@link #flushPackets()}, which
     * must follow at the end of every burst.
     *
     * @return {@code len} when queued or sent, or a negative errno (also when an earlier queued packet
     *         was refused while the batch was sent)
     */
    default int queuePacket(byte[] buf, int off, int len) throws IOException {
        return sendPacket(buf, off, len);
    }

    /**
     * Sends what this thread queued with {@link #queuePacket}.
     *
     * @return how many of those packets the kernel refused (0: all sent)
     */
    default int flushPackets() throws IOException {
        return 0;
    }

    /**
     * Blocks until a datagram arrives and copies it into {@code buf[off..off+len)}, IP header first:
     * IPv4 raw sockets deliver the packet as received; the kernel gives IPv6 ones only the payload,
     * so the POSIX socket rebuilds the 40-byte IPv6 header in front of it from the ancillary data
     * (source, destination, hop limit, traffic class; RFC 3542 §6), with the Hop-by-Hop, Destination
     * Options and Routing headers that preceded the payload (RFC 3542 §4).
     *
     * @param from filled with the sender's address; may be null
     * @return the copied length, or -1 once the socket is closed
     */
    int receive(byte[] buf, int off, int len, SourceAddress from) throws IOException;

    /**
     * Datagrams already received by the calling thread's last batch and not yet handed out: when 0,
     * a burst is drained (the moment to flush {@link TunQueue#writeCoalescing coalesced} writes).
     */
    default int pending() {
        return 0;
    }

    /** The receive buffer as the kernel reports it ({@code SO_RCVBUF}: twice what was asked, socket(7)). */
    default int receiveBufferSize() throws IOException {
        return -1;
    }

    /** The send buffer as the kernel reports it ({@code SO_SNDBUF}). */
    default int sendBufferSize() throws IOException {
        return -1;
    }

    /**
     * Datagrams the kernel dropped at this socket since it was opened because its receive buffer was
     * full (the {@code drops} column of /proc/net/raw), or -1 when unknown.
     */
    default long drops() throws IOException {
        return -1;
    }

    /** Idempotent; wakes a blocked receiver. */
    @Override
    void close();
}
