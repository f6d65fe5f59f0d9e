package org.ikd.tun.posix;

import static org.ikd.tun.posix.ErrnoException.EAGAIN;
import static org.ikd.tun.posix.ErrnoException.EINTR;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.ClosedChannelException;
import java.util.Objects;
import jnr.ffi.Pointer;
import org.ikd.tun.AddressText;
import org.ikd.tun.EspInUdpSocket;
import org.ikd.tun.IpFamily;
import org.ikd.tun.SourceAddress;

/**
 * A non-blocking UDP socket that joins the SO_REUSEPORT group of the IKE transport's NAT-T socket
 * (same address and port, bound after it) and steers that group with a classic BPF program
 * (socket(7), SO_ATTACH_REUSEPORT_CBPF), which the kernel runs on the UDP payload of each datagram;
 * its return value picks the socket by its index in the group, i.e. by bind order:
 * <ol>
 * <li>payload shorter than 4 octets (a NAT keepalive, RFC 3948 §2.3): the load fails, the program
 *     returns 0, the IKE socket (index 0);
 * <li>first 32-bit word zero (the non-ESP marker, RFC 3948 §2.2): IKE, index 0;
 * <li>anything else is ESP (an SPI is never 0, RFC 4303 §2.1): index 1 + SPI mod N when N such sockets
 *     joined (issue 16 item 1: one per inbound pump, so each SA has one reader).
 * </ol>
 * An index out of range (this socket closed) makes the kernel fall back to the group's hash, so ESP then
 * reaches the IKE socket, which still hands it to the data plane. Threads: as {@link EspInUdpSocket}.
 */
public final class PosixEspInUdpSocket implements EspInUdpSocket {
    private static final int SO_REUSEPORT = 15;                  // asm-generic/socket.h
    private static final int SEND_SLOT = 2048;                  // an ESP datagram of a 1500-byte path, with room

    private final GuardedFd fd;
    private final IpFamily family;
    private final InetAddress local;
    private final ThreadLocal<DatagramBatch> batch =
            ThreadLocal.withInitial(() -> new DatagramBatch(PosixRawIpSocket.BATCH, ScratchMemory.PACKET_CAPACITY));
    private final ThreadLocal<SendBatch> sends =
            ThreadLocal.withInitial(() -> new SendBatch(PosixRawIpSocket.SEND_BATCH, SEND_SLOT));

    private PosixEspInUdpSocket(GuardedFd fd, IpFamily family, InetAddress local) {
        this.fd = fd;
        this.family = family;
        this.local = local;
    }

    /**
     * Binds to {@code local}:{@code port} with SO_REUSEPORT and attaches the steering program. The IKE
     * socket must already be bound there with SO_REUSEPORT, by the same user, so that it is index 0.
     *
     * @param mark        {@code SO_MARK} for every datagram sent, 0 for none
     * @param bufferBytes {@code SO_RCVBUF}/{@code SO_SNDBUF} to ask for, 0 for the kernel's default
     * @param pumps       how many such sockets join the group (indexes 1..pumps, by bind order): ESP goes to
     *                    1 + SPI mod pumps ({@link SpiSteering#reuseport})
     */
    public static PosixEspInUdpSocket open(InetAddress local, int port, int mark, int bufferBytes, int pumps) throws IOException {
        if (pumps < 1) throw new IllegalArgumentException("pumps " + pumps + " (expected: >= 1)");
        IpFamily family = IpFamily.ofLength(local.getAddress().length);
        String name = "ESP-in-UDP socket " + AddressText.of(local) + " port " + port;
        int s = Native.check(Native.libc().socket(family.addressFamily(),
                Native.SOCK_DGRAM | Native.SOCK_NONBLOCK | Native.SOCK_CLOEXEC, 0), "socket for " + name);
        try {
            Native.setIntOption(s, Native.SOL_SOCKET, SO_REUSEPORT, 1, "SO_REUSEPORT on " + name);
            if (mark != 0)
                Native.setIntOption(s, Native.SOL_SOCKET, Native.SO_MARK, mark, "SO_MARK 0x" + Integer.toHexString(mark) + " on " + name);
            if (bufferBytes > 0) {
                Native.setBufferSize(s, Native.SO_SNDBUFFORCE, Native.SO_SNDBUF, bufferBytes, "SO_SNDBUF on " + name);
                Native.setBufferSize(s, Native.SO_RCVBUFFORCE, Native.SO_RCVBUF, bufferBytes, "SO_RCVBUF on " + name);
            }
            Pointer sockaddr = Native.allocate(SocketAddresses.SOCKADDR_IN6_SIZE);
            int size = SocketAddresses.encode(sockaddr, 0, family, local.getAddress(), 0, port);
            Native.check(Native.libc().bind(s, sockaddr, size), "bind " + name);
            SpiSteering.attach(s, SpiSteering.SO_ATTACH_REUSEPORT_CBPF, SpiSteering.reuseport(pumps),
                    "SO_ATTACH_REUSEPORT_CBPF on " + name);          // after bind: the program then belongs to the group joined
        } catch (IOException | RuntimeException e) {
            Native.closeQuietly(s);
            throw e;
        }
        return new PosixEspInUdpSocket(GuardedFd.of(s, name), family, local);
    }

    @Override
    public InetAddress localAddress() {
        return local;
    }

    /** recvmmsg(2) of up to {@value PosixRawIpSocket#BATCH} datagrams, then handed out without a syscall. */
    @Override
    public int receive(byte[] buf, int off, int len, SourceAddress from) throws IOException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (!fd.enter()) return -1;
        try {
            DatagramBatch b = batch.get();
            while (!b.hasNext()) {
                int n = Native.libc().recvmmsg(fd.fd(), b.prepare(), b.capacity(), 0, 0);
                if (n > 0) {
                    b.filled(n);
                    break;
                }
                int errno = n == 0 ? EAGAIN : Native.errno();
                if (errno == EAGAIN) {
                    if (!fd.await(b.pollfds, GuardedFd.POLLIN)) return -1;
                } else if (errno != EINTR) {
                    throw Native.failure("recvmmsg " + fd.name(), errno, null);
                }
            }
            int n = b.take(buf, off, len);
            IpFamily f = SocketAddresses.family(b.pointer(), b.lastSockaddr());
            if (f != null) {
                SocketAddresses.address(b.pointer(), b.lastSockaddr(), f, b.addressBytes);
                from.assign(f, b.addressBytes, 0, SocketAddresses.port(b.pointer(), b.lastSockaddr()));
            }
            return n;
        } finally {
            fd.exit();
        }
    }

    @Override
    public int pending() {
        return batch.get().remaining();
    }

    @Override
    public int queue(byte[] buf, int off, int len, byte[] address, int port) throws IOException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (address.length != family.addressLength())
            throw new IllegalArgumentException("a " + address.length + "-byte destination on " + fd.name());
        SendBatch b = sends.get();
        if (len > b.slotSize()) return flush() + 1;             // larger than any ESP datagram ikd frames: refused
        b.addTo(buf, off, len, family, address, port);
        return b.isFull() ? flush() : 0;
    }

    /** One sendmmsg(2) for what the calling thread queued (more after EAGAIN or a refused datagram). */
    @Override
    public int flush() throws IOException {
        SendBatch b = sends.get();
        if (b.count() == 0) return 0;
        if (!fd.enter()) throw new ClosedChannelException();
        int failed = 0;
        try {
            for (int i = 0; i < b.count(); ) {
                int n = Native.libc().sendmmsg(fd.fd(), b.entry(i), b.count() - i, 0);
                if (n > 0) {
                    i += n;
                    continue;
                }
                int errno = n == 0 ? EAGAIN : Native.errno();
                if (errno == EAGAIN) {
                    if (!fd.await(b.pollfds, GuardedFd.POLLOUT)) return failed + b.count() - i;
                } else if (errno != EINTR) {
                    failed++;                                    // this datagram was refused: skip it
                    i++;
                }
            }
            return failed;
        } finally {
            b.clear();
            fd.exit();
        }
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return fd.name();
    }
}
