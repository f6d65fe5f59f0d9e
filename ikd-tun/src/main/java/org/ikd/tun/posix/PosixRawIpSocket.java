package org.ikd.tun.posix;

import static org.ikd.tun.posix.ErrnoException.EAGAIN;
import static org.ikd.tun.posix.ErrnoException.EINTR;
import static org.ikd.tun.posix.ErrnoException.EINVAL;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.ClosedChannelException;
import java.util.Objects;
import jnr.ffi.Pointer;
import org.ikd.tun.IpFamily;
import org.ikd.tun.RawIpSocket;
import org.ikd.tun.SourceAddress;

/**
 * A non-blocking {@code SOCK_RAW} socket in the network namespace of the thread that opened it,
 * waited on with poll(2) only after EAGAIN (see {@link GuardedFd}). Threads: as {@link RawIpSocket}.
 */
public final class PosixRawIpSocket implements RawIpSocket {
    private static final int IPPROTO_RAW = 255;       // implies IP_HDRINCL (raw(7)) and IPV6_HDRINCL (Linux >= 4.5)
    private static final int EMSGSIZE = 90;

    private final GuardedFd fd;
    private final IpFamily family;
    private final int protocol;
    private final ThreadLocal<ScratchMemory> scratch =
            ThreadLocal.withInitial(() -> new ScratchMemory(ScratchMemory.PACKET_CAPACITY));

    private PosixRawIpSocket(GuardedFd fd, IpFamily family, int protocol) {
        this.fd = fd;
        this.family = family;
        this.protocol = protocol;
    }

    /**
     * A raw socket for one IP protocol (50 ESP, 51 AH).
     *
     * @param mark   {@code SO_MARK} for every packet sent, 0 for none
     * @param bindTo local address to send from and receive on; null for any
     */
    public static PosixRawIpSocket open(IpFamily family, int protocol, int mark, InetAddress bindTo) throws IOException {
        if (protocol < 1 || protocol > 254)
            throw new IllegalArgumentException("protocol " + protocol + " (expected: 1..254; 255 is openHeaderIncluded)");
        return open(family, protocol, mark, bindTo, "raw " + family + " protocol " + protocol + " socket");
    }

    /** An {@code IPPROTO_RAW} socket: {@link #sendPacket} sends whole IP packets as given. */
    public static PosixRawIpSocket openHeaderIncluded(IpFamily family, int mark) throws IOException {
        return open(family, IPPROTO_RAW, mark, null, "raw " + family + " header-included socket");
    }

    private static PosixRawIpSocket open(IpFamily family, int protocol, int mark, InetAddress bindTo, String name)
            throws IOException {
        int raw = Native.check(Native.libc().socket(family.addressFamily(),
                Native.SOCK_RAW | Native.SOCK_NONBLOCK | Native.SOCK_CLOEXEC, protocol), "socket for " + name);
        try {
            if (mark != 0)
                Native.setIntOption(raw, Native.SOL_SOCKET, Native.SO_MARK, mark, "SO_MARK 0x" + Integer.toHexString(mark) + " on " + name);
            if (bindTo != null) bind(raw, family, bindTo, name);
        } catch (IOException | RuntimeException e) {
            Native.closeQuietly(raw);
            throw e;
        }
        String label = bindTo == null ? name : name + " on " + bindTo.getHostAddress();
        return new PosixRawIpSocket(GuardedFd.of(raw, label), family, protocol);
    }

    private static void bind(int raw, IpFamily family, InetAddress bindTo, String name) throws ErrnoException {
        byte[] address = bindTo.getAddress();
        if (address.length != family.addressLength())
            throw new IllegalArgumentException("cannot bind " + name + " to " + bindTo.getHostAddress());
        Pointer sockaddr = Native.allocate(SocketAddresses.SOCKADDR_IN6_SIZE);
        int size = SocketAddresses.encode(sockaddr, 0, family, address, 0);
        Native.check(Native.libc().bind(raw, sockaddr, size), "bind " + name + " to " + bindTo.getHostAddress());
    }

    @Override
    public IpFamily family() {
        return family;
    }

    @Override
    public int protocol() {
        return protocol;
    }

    @Override
    public int send(byte[] buf, int off, int len, InetAddress destination) throws IOException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (!fd.enter()) throw new ClosedChannelException();
        try {
            ScratchMemory s = scratch.get();
            if (len > s.packetCapacity()) return -EMSGSIZE;
            if (destination != s.encodedDestination) encodeDestination(s, destination);
            s.pointer().put(s.packet(), buf, off, len);
            return sendFromScratch(s, len);
        } finally {
            fd.exit();
        }
    }

    private void encodeDestination(ScratchMemory s, InetAddress destination) {
        byte[] raw = destination.getAddress();
        if (raw.length != family.addressLength())
            throw new IllegalArgumentException("destination " + destination.getHostAddress() + " on an " + family + " socket");
        s.encodedLength = SocketAddresses.encode(s.pointer(), s.sockaddr(), family, raw, 0);
        s.encodedDestination = destination;
    }

    @Override
    public int sendPacket(byte[] buf, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (protocol != IPPROTO_RAW) throw new IllegalStateException("sendPacket on " + fd.name() + " (expected: a header-included socket)");
        // RFC 791 §3.1: destination at byte 16; RFC 8200 §3: at byte 24
        int version = len == 0 ? 0 : (buf[off] & 0xff) >>> 4;
        boolean v4 = family == IpFamily.IPV4;
        if (version != (v4 ? 4 : 6) || len < (v4 ? 20 : 40)) return -EINVAL;
        if (!fd.enter()) throw new ClosedChannelException();
        try {
            ScratchMemory s = scratch.get();
            if (len > s.packetCapacity()) return -EMSGSIZE;
            s.encodedLength = SocketAddresses.encode(s.pointer(), s.sockaddr(), family, buf, off + (v4 ? 16 : 24));
            s.encodedDestination = null;
            s.pointer().put(s.packet(), buf, off, len);
            return sendFromScratch(s, len);
        } finally {
            fd.exit();
        }
    }

    private int sendFromScratch(ScratchMemory s, int len) throws ErrnoException {
        long base = s.address();
        for (;;) {
            long n = Native.libc().sendmsg(fd.fd(), s.message(base + s.packet(), len, s.encodedLength), 0);
            if (n >= 0) return (int) n;
            int errno = Native.errno();
            if (errno == EAGAIN) {
                if (!fd.await(s, GuardedFd.POLLOUT)) return -ErrnoException.EBADF;
            } else if (errno != EINTR) {
                return -errno;                                   // refused packet: the pump counts it
            }
        }
    }

    @Override
    public int receive(byte[] buf, int off, int len, SourceAddress from) throws IOException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (!fd.enter()) return -1;
        try {
            ScratchMemory s = scratch.get();
            Pointer p = s.pointer();
            long base = s.address();
            for (;;) {
                long message = s.message(base + s.packet(), Math.min(len, s.packetCapacity()), SocketAddresses.SOCKADDR_IN6_SIZE);
                long n = Native.libc().recvmsg(fd.fd(), message, 0);
                if (n >= 0) {
                    p.get(s.packet(), buf, off, (int) n);
                    if (from != null) decodeSource(s, from);
                    return (int) n;
                }
                int errno = Native.errno();
                if (errno == EAGAIN) {
                    if (!fd.await(s, GuardedFd.POLLIN)) return -1;
                } else if (errno != EINTR) {
                    throw Native.failure("recvmsg " + fd.name(), errno, null);
                }
            }
        } finally {
            fd.exit();
        }
    }

    private static void decodeSource(ScratchMemory s, SourceAddress from) {
        IpFamily f = SocketAddresses.family(s.pointer(), s.sockaddr());
        if (f == null) return;
        SocketAddresses.address(s.pointer(), s.sockaddr(), f, s.addressBytes);
        from.assign(f, s.addressBytes, 0);
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
