package org.ikd.tun.posix;

import static org.ikd.tun.posix.ErrnoException.EAGAIN;
import static org.ikd.tun.posix.ErrnoException.EINTR;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import jnr.ffi.Pointer;
import org.ikd.tun.TunQueue;
import org.ikd.tun.offload.TcpCoalescing;
import org.ikd.tun.offload.TcpSegmentation;
import org.ikd.tun.offload.VirtioNetHeader;

/**
 * One fd of a multi-queue TUN device, opened with O_NONBLOCK: read(2) first, poll(2) only after
 * EAGAIN (see {@link GuardedFd}). Threads: as {@link TunQueue}.
 *
 * <p>With offloads (IFF_VNET_HDR, TUNSETOFFLOAD TSO4|TSO6|CSUM; linux/if_tun.h) every read and write
 * carries a virtio_net_hdr first:
 * <ol>
 * <li>a read fetches up to 64 KiB (a TSO superpacket) into native memory; a plain packet with a
 *     complete checksum is copied straight to the caller, anything else into the reader's
 *     {@link Superpacket}, whose {@link TcpSegmentation} hands out one packet per later read call;
 * <li>a write puts a zero header before the packet;
 * <li>{@link #writeCoalescing} offers the packet to the writer thread's {@link TcpCoalescing};
 *     {@link #flush} writes its superpacket with one write(2).
 * </ol>
 */
final class PosixTunQueue implements TunQueue {
    // linux/if_tun.h
    private static final long TUNSETIFF = 0x400454caL;        // _IOW('T', 202, int)
    private static final long TUNSETOFFLOAD = 0x400454d0L;    // _IOW('T', 208, unsigned int), argument by value
    private static final long TUNSETVNETHDRSZ = 0x400454d8L;  // _IOW('T', 216, int), argument by pointer
    private static final short IFF_TUN = 0x0001;
    private static final short IFF_MULTI_QUEUE = 0x0100;
    private static final short IFF_NO_PI = 0x1000;
    private static final short IFF_VNET_HDR = 0x4000;
    private static final int TUN_F_CSUM = 0x01;
    private static final int TUN_F_TSO4 = 0x02;
    private static final int TUN_F_TSO6 = 0x04;
    private static final int IFREQ_SIZE = 40;
    private static final int IFNAMSIZ = 16;
    private static final int VNET = VirtioNetHeader.LENGTH;
    private static final int OFFLOAD_CAPACITY = VNET + 65535;

    /** One reader's superpacket and its position. */
    private static final class Superpacket {
        final byte[] data = new byte[OFFLOAD_CAPACITY];
        final TcpSegmentation segmentation = new TcpSegmentation();
        int next;
        int count;
    }

    private final GuardedFd fd;
    private final int index;
    private final boolean offloads;
    /** See {@link #malformed()}. */
    private final AtomicLong malformed = new AtomicLong();
    private final ThreadLocal<ScratchMemory> scratch;
    private final ThreadLocal<Superpacket> superpackets = ThreadLocal.withInitial(Superpacket::new);
    private final ThreadLocal<TcpCoalescing> coalescings = ThreadLocal.withInitial(TcpCoalescing::new);

    private PosixTunQueue(GuardedFd fd, int index, boolean offloads) {
        this.fd = fd;
        this.index = index;
        this.offloads = offloads;
        int capacity = offloads ? OFFLOAD_CAPACITY : ScratchMemory.PACKET_CAPACITY;
        this.scratch = ThreadLocal.withInitial(() -> new ScratchMemory(capacity));
    }

    /** Opens /dev/net/tun and attaches it as queue {@code index} of device {@code name} (created by the first). */
    static PosixTunQueue open(String name, int index, int count, boolean offloads) throws ErrnoException {
        short flags = (short) (IFF_TUN | IFF_NO_PI | IFF_MULTI_QUEUE | (offloads ? IFF_VNET_HDR : 0));
        String what = "TUNSETIFF " + name + " (IFF_TUN|IFF_NO_PI|IFF_MULTI_QUEUE" + (offloads ? "|IFF_VNET_HDR" : "")
                + ", queue " + (index + 1) + " of " + count + ")";
        int raw = Native.check(Native.libc().open("/dev/net/tun", Native.O_RDWR | Native.O_NONBLOCK | Native.O_CLOEXEC),
                "open /dev/net/tun");
        Pointer ifreq = Native.allocate(IFREQ_SIZE);                // struct ifreq: ifr_name[16], ifr_flags
        byte[] ascii = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ifreq.put(0, ascii, 0, Math.min(ascii.length, IFNAMSIZ - 1));
        ifreq.putShort(IFNAMSIZ, flags);
        try {
            ioctl(raw, TUNSETIFF, ifreq, what);
            if (offloads) {
                Pointer size = Native.allocate(4);
                size.putInt(0, VNET);
                ioctl(raw, TUNSETVNETHDRSZ, size, "TUNSETVNETHDRSZ " + VNET + " on " + name);
                ioctl(raw, TUNSETOFFLOAD, Native.byValue(TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6),
                        "TUNSETOFFLOAD CSUM|TSO4|TSO6 on " + name);
            }
        } catch (ErrnoException e) {
            Native.closeQuietly(raw);
            throw e;
        }
        return new PosixTunQueue(GuardedFd.of(raw, name + " queue " + index), index, offloads);
    }

    private static void ioctl(int raw, long request, Pointer arg, String what) throws ErrnoException {
        if (Native.libc().ioctl(raw, request, arg) < 0) throw Native.failure(what);
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public boolean offloads() {
        return offloads;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (!fd.enter()) return -1;
        try {
            ScratchMemory s = scratch.get();
            if (offloads) return readSegment(s, superpackets.get(), buf, off, len, null);
            int n = readInto(s, s.address() + s.packet(), Math.min(len, s.packetCapacity()));
            if (n > 0) s.pointer().get(s.packet(), buf, off, n);
            return n;
        } finally {
            fd.exit();
        }
    }

    /**
     * Step 1 of the class comment: the next packet of the held superpacket, or of a new read, written
     * once into the caller's buffer: {@code direct} from its position (then {@code buf} is null), or
     * {@code buf[off..off+len)}.
     */
    private int readSegment(ScratchMemory s, Superpacket sp, byte[] buf, int off, int len, ByteBuffer direct)
            throws ErrnoException {
        for (;;) {
            if (sp.next < sp.count) {
                int i = sp.next++;
                int n = direct != null ? sp.segmentation.segment(i, direct) : sp.segmentation.segment(i, buf, off, len);
                if (n >= 0) return n;
                malformed.incrementAndGet();                      // longer than the caller's room
                continue;
            }
            int n = readInto(s, s.address() + s.packet(), s.packetCapacity());
            if (n < 0) return -1;
            if (n <= VNET) {
                malformed.incrementAndGet();
                continue;
            }
            s.pointer().get(s.packet(), sp.data, 0, VNET);
            if (sp.data[0] == 0 && sp.data[1] == 0) return copyFinished(s, n - VNET, buf, off, len, direct);
            s.pointer().get(s.packet() + VNET, sp.data, VNET, n - VNET);
            sp.count = sp.segmentation.load(sp.data, 0, n);
            sp.next = 0;
            if (sp.count == 0) malformed.incrementAndGet();
        }
    }

    /** No flags, GSO_NONE: a finished packet, copied from native memory as it is (truncated to the room). */
    private static int copyFinished(ScratchMemory s, int n, byte[] buf, int off, int len, ByteBuffer direct) {
        if (direct == null) {
            int m = Math.min(n, len);
            s.pointer().get(s.packet() + VNET, buf, off, m);
            return m;
        }
        int m = Math.min(n, direct.remaining());
        Native.copy(s.address() + s.packet() + VNET, Native.address(direct) + direct.position(), m);
        direct.position(direct.position() + m);
        return m;
    }

    @Override
    public long malformed() {
        return malformed.get();
    }

    @Override
    public int pending() {
        if (!offloads) return 0;
        Superpacket sp = superpackets.get();
        return Math.max(0, sp.count - sp.next);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.isDirect()) {
            int n = read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
            if (n > 0) dst.position(dst.position() + n);
            return n;
        }
        if (!fd.enter()) return -1;
        try {
            int n;
            if (offloads) return readSegment(scratch.get(), superpackets.get(), null, 0, 0, dst);   // advances dst
            n = readInto(scratch.get(), Native.address(dst) + dst.position(), dst.remaining());
            if (n > 0) dst.position(dst.position() + n);
            return n;
        } finally {
            fd.exit();
        }
    }

    private int readInto(ScratchMemory s, long address, int len) throws ErrnoException {
        for (;;) {
            long n = Native.libc().read(fd.fd(), address, len);
            if (n >= 0) return (int) n;
            int errno = Native.errno();
            if (errno == EAGAIN) {
                if (!fd.await(s, GuardedFd.POLLIN)) return -1;
            } else if (errno != EINTR) {
                throw Native.failure("read " + fd.name(), errno, null);
            }
        }
    }

    @Override
    public int write(byte[] buf, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (!fd.enter()) throw new ClosedChannelException();
        try {
            ScratchMemory s = scratch.get();
            int header = header(s);
            if (header + len > s.packetCapacity()) return -ErrnoException.EINVAL;
            s.pointer().put(s.packet() + header, buf, off, len);
            int n = writeFrom(s, s.address() + s.packet(), header + len);
            return n < 0 ? n : n - header;
        } finally {
            fd.exit();
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (!src.isDirect()) {
            int n = write(src.array(), src.arrayOffset() + src.position(), src.remaining());
            if (n > 0) src.position(src.position() + n);
            return n;
        }
        if (!fd.enter()) throw new ClosedChannelException();
        try {
            ScratchMemory s = scratch.get();
            int n;
            if (offloads) {
                if (VNET + src.remaining() > s.packetCapacity()) return -ErrnoException.EINVAL;
                header(s);
                Native.copy(Native.address(src) + src.position(), s.address() + s.packet() + VNET, src.remaining());
                n = writeFrom(s, s.address() + s.packet(), VNET + src.remaining());
                n = n < 0 ? n : n - VNET;
            } else {
                n = writeFrom(s, Native.address(src) + src.position(), src.remaining());
            }
            if (n > 0) src.position(src.position() + n);
            return n;
        } finally {
            fd.exit();
        }
    }

    /** With offloads, a zero virtio_net_hdr at the start of the scratch packet area; returns its length. */
    private int header(ScratchMemory s) {
        if (!offloads) return 0;
        s.pointer().putLong(s.packet(), 0);
        s.pointer().putShort(s.packet() + 8, (short) 0);
        return VNET;
    }

    @Override
    public int writeCoalescing(byte[] buf, int off, int len) throws IOException {
        if (!offloads) return write(buf, off, len);
        Objects.checkFromIndexSize(off, len, buf.length);
        TcpCoalescing c = coalescings.get();
        if (c.offer(buf, off, len)) return len;
        if (!c.isEmpty()) {
            flush();
            if (c.offer(buf, off, len)) return len;
        }
        return write(buf, off, len);
    }

    @Override
    public int flush() throws IOException {
        if (!offloads) return 0;
        TcpCoalescing c = coalescings.get();
        if (c.isEmpty()) return 0;
        int n = c.drain();
        if (!fd.enter()) throw new ClosedChannelException();
        try {
            ScratchMemory s = scratch.get();
            s.pointer().put(s.packet(), c.array(), 0, n);
            return writeFrom(s, s.address() + s.packet(), n);
        } finally {
            fd.exit();
        }
    }

    private int writeFrom(ScratchMemory s, long address, int len) throws ErrnoException {
        for (;;) {
            long n = Native.libc().write(fd.fd(), address, len);
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
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return fd.name() + (offloads ? " (offloads)" : "");
    }
}
