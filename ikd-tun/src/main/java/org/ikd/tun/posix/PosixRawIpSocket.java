package org.ikd.tun.posix;

import static org.ikd.tun.posix.ErrnoException.EAGAIN;
import static org.ikd.tun.posix.ErrnoException.EINTR;
import static org.ikd.tun.posix.ErrnoException.EINVAL;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.ClosedChannelException;
import java.util.Objects;
import jnr.ffi.Pointer;
import org.ikd.tun.AddressText;
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
    /** Datagrams per recvmmsg: 16 × 64 KiB slots (a reassembled datagram may reach 64 KiB), 1 MiB per receiver. */
    static final int BATCH = 16;
    /** Packets per sendmmsg: the segments of one TSO superpacket (64 KiB / MSS), each up to 2 KiB. */
    static final int SEND_BATCH = 48;
    private static final int SEND_SLOT = 2048;
    private static final int MEMINFO_BYTES = 64;      // SK_MEMINFO_VARS u32s: 9 today, room to grow
    private static final int SK_MEMINFO_DROPS = 8;

    private final GuardedFd fd;
    private final IpFamily family;
    private final int protocol;
    private final ThreadLocal<ScratchMemory> scratch =
            ThreadLocal.withInitial(() -> new ScratchMemory(ScratchMemory.PACKET_CAPACITY));
    private final ThreadLocal<SendBatch> sends =
            ThreadLocal.withInitial(() -> new SendBatch(SEND_BATCH, SEND_SLOT));
    private final ThreadLocal<DatagramBatch> batch;
    /** An IPv6 protocol socket rebuilds the IPv6 header the kernel strips ({@link Ipv6Reception}). */
    private final boolean rebuildsIpv6Header;

    private PosixRawIpSocket(GuardedFd fd, IpFamily family, int protocol) {
        this.fd = fd;
        this.family = family;
        this.protocol = protocol;
        this.rebuildsIpv6Header = family == IpFamily.IPV6 && protocol != IPPROTO_RAW;
        int control = rebuildsIpv6Header ? Ipv6Reception.CONTROL_SIZE : 0;
        this.batch = ThreadLocal.withInitial(() -> new DatagramBatch(BATCH, ScratchMemory.PACKET_CAPACITY, control));
    }

    /** As {@link #open(IpFamily, int, int, InetAddress, int)} with the kernel's default buffers. */
    public static PosixRawIpSocket open(IpFamily family, int protocol, int mark, InetAddress bindTo) throws IOException {
        return open(family, protocol, mark, bindTo, 0);
    }

    /**
     * A raw socket for one IP protocol (50 ESP, 51 AH).
     *
     * @param mark        {@code SO_MARK} for every packet sent, 0 for none
     * @param bindTo      local address to send from and receive on; null for any
     * @param bufferBytes {@code SO_RCVBUF} and {@code SO_SNDBUF} to ask for (see {@link Native#setBufferSize}),
     *                    0 for the kernel's default ({@code net.core.rmem_default}, 208 KiB)
     */
    public static PosixRawIpSocket open(IpFamily family, int protocol, int mark, InetAddress bindTo, int bufferBytes)
            throws IOException {
        if (protocol < 1 || protocol > 254)
            throw new IllegalArgumentException("protocol " + protocol + " (expected: 1..254; 255 is openHeaderIncluded)");
        return open(family, protocol, mark, bindTo, bufferBytes, "raw " + family + " protocol " + protocol + " socket");
    }

    /** An {@code IPPROTO_RAW} socket: {@link #sendPacket} sends whole IP packets as given. */
    public static PosixRawIpSocket openHeaderIncluded(IpFamily family, int mark) throws IOException {
        return openHeaderIncluded(family, mark, 0);
    }

    /** As {@link #openHeaderIncluded(IpFamily, int)} with {@code SO_SNDBUF} of {@code bufferBytes} (0: default). */
    public static PosixRawIpSocket openHeaderIncluded(IpFamily family, int mark, int bufferBytes) throws IOException {
        return open(family, IPPROTO_RAW, mark, null, bufferBytes, "raw " + family + " header-included socket");
    }

    private static PosixRawIpSocket open(IpFamily family, int protocol, int mark, InetAddress bindTo, int bufferBytes,
                                         String name) throws IOException {
        if (bufferBytes < 0) throw new IllegalArgumentException("buffer " + bufferBytes + " bytes (expected: 0 for the default, or more)");
        int raw = Native.check(Native.libc().socket(family.addressFamily(),
                Native.SOCK_RAW | Native.SOCK_NONBLOCK | Native.SOCK_CLOEXEC, protocol), "socket for " + name);
        try {
            if (mark != 0)
                Native.setIntOption(raw, Native.SOL_SOCKET, Native.SO_MARK, mark, "SO_MARK 0x" + Integer.toHexString(mark) + " on " + name);
            if (bufferBytes > 0) setBuffers(raw, protocol, bufferBytes, name);
            if (bindTo != null) bind(raw, family, bindTo, name);
            if (family == IpFamily.IPV6 && protocol != IPPROTO_RAW) Ipv6Reception.enable(raw, name);
        } catch (IOException | RuntimeException e) {
            Native.closeQuietly(raw);
            throw e;
        }
        String label = bindTo == null ? name : name + " on " + AddressText.of(bindTo);
        return new PosixRawIpSocket(GuardedFd.of(raw, label), family, protocol);
    }

    /**
     * The findings of docs/performance.md: at the default 208 KiB a burst of ESP arriving while the
     * inbound pump waits to be scheduled overflows the receive queue (12 % of a TCP stream's packets).
     * A header-included socket never receives (raw(7)), so it gets only the send side.
     */
    private static void setBuffers(int raw, int protocol, int bytes, String name) throws ErrnoException {
        Native.setBufferSize(raw, Native.SO_SNDBUFFORCE, Native.SO_SNDBUF, bytes, "SO_SNDBUF " + bytes + " on " + name);
        if (protocol != IPPROTO_RAW)
            Native.setBufferSize(raw, Native.SO_RCVBUFFORCE, Native.SO_RCVBUF, bytes, "SO_RCVBUF " + bytes + " on " + name);
    }

    private static void bind(int raw, IpFamily family, InetAddress bindTo, String name) throws ErrnoException {
        byte[] address = bindTo.getAddress();
        if (address.length != family.addressLength())
            throw new IllegalArgumentException("cannot bind " + name + " to " + AddressText.of(bindTo));
        Pointer sockaddr = Native.allocate(SocketAddresses.SOCKADDR_IN6_SIZE);
        int size = SocketAddresses.encode(sockaddr, 0, family, address, 0);
        Native.check(Native.libc().bind(raw, sockaddr, size), "bind " + name + " to " + AddressText.of(bindTo));
    }

    /**
     * Keeps only the packets whose SPI mod {@code pumps} is {@code index} ({@link SpiSteering#socketFilter}):
     * one of {@code pumps} sockets of the same protocol, each read by its own pump. Call before reading.
     */
    public void spreadBySpi(int pumps, int index) throws IOException {
        if (pumps < 2 || index < 0 || index >= pumps) throw new IllegalArgumentException("socket " + index + " of " + pumps);
        if (!fd.enter()) throw new ClosedChannelException();
        try {
            SpiSteering.attach(fd.fd(), SpiSteering.SO_ATTACH_FILTER, SpiSteering.socketFilter(family, protocol, pumps, index),
                    "SO_ATTACH_FILTER (SPI mod " + pumps + " = " + index + ") on " + fd.name());
        } finally {
            fd.exit();
        }
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
            throw new IllegalArgumentException("destination " + AddressText.of(destination) + " on an " + family + " socket");
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

    /**
     * Queues a copy for one sendmmsg(2) per {@link #flushPackets()} (or when the calling thread's
     * batch is full); a packet too large for a slot is sent at once, after what is queued.
     */
    @Override
    public int queuePacket(byte[] buf, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (protocol != IPPROTO_RAW) throw new IllegalStateException("queuePacket on " + fd.name() + " (expected: a header-included socket)");
        int version = len == 0 ? 0 : (buf[off] & 0xff) >>> 4;
        boolean v4 = family == IpFamily.IPV4;
        if (version != (v4 ? 4 : 6) || len < (v4 ? 20 : 40)) return -EINVAL;
        SendBatch b = sends.get();
        if (len > b.slotSize()) {
            int failed = flushPackets();
            int n = sendPacket(buf, off, len);
            return failed > 0 && n >= 0 ? -EINVAL : n;
        }
        b.add(buf, off, len, family, off + (v4 ? 16 : 24));          // RFC 791 §3.1 / RFC 8200 §3 destination
        if (b.isFull()) return flushPackets() > 0 ? -EINVAL : len;
        return len;
    }

    /** Sends what the calling thread queued with one sendmmsg(2) (more after EAGAIN or a refused packet). */
    @Override
    public int flushPackets() throws IOException {
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
                    failed++;                                    // this packet was refused: skip it
                    i++;
                }
            }
            return failed;
        } finally {
            b.clear();
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

    /**
     * recvmmsg(2) fills a {@link DatagramBatch} with whatever the socket holds (up to
     * {@value #BATCH} datagrams) in one call; later calls hand them out one by one without a syscall,
     * and only an empty socket is waited on with poll(2).
     */
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
            int n = rebuildsIpv6Header ? b.takeWithIpv6Header(buf, off, len, protocol) : b.take(buf, off, len);
            if (from != null) decodeSource(b, from);
            return n;
        } finally {
            fd.exit();
        }
    }

    /** What the calling thread's last recvmmsg left to hand out: 0 means the next receive makes a syscall. */
    @Override
    public int pending() {
        return batch.get().remaining();
    }

    private static void decodeSource(DatagramBatch b, SourceAddress from) {
        IpFamily f = SocketAddresses.family(b.pointer(), b.lastSockaddr());
        if (f == null) return;
        SocketAddresses.address(b.pointer(), b.lastSockaddr(), f, b.addressBytes);
        from.assign(f, b.addressBytes, 0);
    }

    @Override
    public int receiveBufferSize() throws IOException {
        return socketOption(Native.SO_RCVBUF, "SO_RCVBUF");
    }

    @Override
    public int sendBufferSize() throws IOException {
        return socketOption(Native.SO_SNDBUF, "SO_SNDBUF");
    }

    /** SO_MEMINFO (linux/sock_diag.h): u32 SK_MEMINFO_VARS, of which SK_MEMINFO_DROPS is index 8 (Linux >= 4.15). */
    @Override
    public long drops() throws IOException {
        if (!fd.enter()) throw new ClosedChannelException();
        try {
            Pointer v = Native.allocate(MEMINFO_BYTES + 4);
            v.putInt(MEMINFO_BYTES, MEMINFO_BYTES);
            Native.check(Native.libc().getsockopt(fd.fd(), Native.SOL_SOCKET, Native.SO_MEMINFO, v.address(),
                    v.address() + MEMINFO_BYTES), "SO_MEMINFO on " + fd.name());
            if (v.getInt(MEMINFO_BYTES) < (SK_MEMINFO_DROPS + 1) * 4) return -1;
            return v.getInt(SK_MEMINFO_DROPS * 4L) & 0xffffffffL;
        } finally {
            fd.exit();
        }
    }

    private int socketOption(int option, String name) throws IOException {
        if (!fd.enter()) throw new ClosedChannelException();
        try {
            return Native.intOption(fd.fd(), Native.SOL_SOCKET, option, name + " of " + fd.name());
        } finally {
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
