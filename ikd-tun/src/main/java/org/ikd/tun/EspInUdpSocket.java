package org.ikd.tun;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;

/**
 * The data plane's UDP/4500 socket for ESP in UDP (RFC 3948), bound beside the IKE transport's socket
 * of the same address and port in one SO_REUSEPORT group whose steering program gives it every datagram
 * but the IKE ones (non-ESP marker, §2.2) and NAT keepalives (§2.3): see the POSIX implementation.
 *
 * <p>Threads: one receiver (its inbound pump); any number of senders, each with its own batch.
 * Per-packet calls allocate nothing. {@link #close()} wakes a blocked receiver, which then gets -1.
 */
public interface EspInUdpSocket extends Closeable {
    /** The address the socket is bound to (its port is the NAT-T port). */
    InetAddress localAddress();

    /**
     * Blocks until a datagram arrives and copies its UDP payload (the ESP header first) into
     * {@code buf[off..off+len)}; {@code from} gets the sender's address and port.
     *
     * @return the copied length, or -1 once the socket is closed
     */
    int receive(byte[] buf, int off, int len, SourceAddress from) throws IOException;

    /** Datagrams of the calling thread's last recvmmsg not yet handed out (0: a burst is drained). */
    int pending();

    /**
     * Queues a copy of {@code buf[off..off+len)} for {@code address}:{@code port} ({@code address} as
     * {@link InetAddress#getAddress()} gives it), sent with this thread's next ones by {@link #flush()},
     * or at once when the batch is full.
     *
     * @return how many datagrams the kernel refused if the batch had to be sent (0 otherwise)
     */
    int queue(byte[] buf, int off, int len, byte[] address, int port) throws IOException;

    /** Sends what this thread queued with one sendmmsg; returns how many the kernel refused. */
    int flush() throws IOException;

    /** Idempotent; wakes a blocked receiver. */
    @Override
    void close();
}
