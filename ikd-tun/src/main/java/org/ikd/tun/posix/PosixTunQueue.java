package org.ikd.tun.posix;

import static org.ikd.tun.posix.ErrnoException.EAGAIN;
import static org.ikd.tun.posix.ErrnoException.EINTR;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.Objects;
import jnr.ffi.Pointer;
import org.ikd.tun.TunQueue;

/**
 * One fd of a multi-queue TUN device, opened with O_NONBLOCK: read(2) first, poll(2) only after
 * EAGAIN (see {@link GuardedFd}). Threads: as {@link TunQueue}.
 */
final class PosixTunQueue implements TunQueue {
    // linux/if_tun.h
    private static final long TUNSETIFF = 0x400454caL;        // _IOW('T', 202, int)
    private static final short IFF_TUN = 0x0001;
    private static final short IFF_MULTI_QUEUE = 0x0100;
    private static final short IFF_NO_PI = 0x1000;
    private static final int IFREQ_SIZE = 40;
    private static final int IFNAMSIZ = 16;

    private final GuardedFd fd;
    private final int index;
    private final ThreadLocal<ScratchMemory> scratch =
            ThreadLocal.withInitial(() -> new ScratchMemory(ScratchMemory.PACKET_CAPACITY));

    private PosixTunQueue(GuardedFd fd, int index) {
        this.fd = fd;
        this.index = index;
    }

    /** Opens /dev/net/tun and attaches it as queue {@code index} of device {@code name} (created by the first). */
    static PosixTunQueue open(String name, int index, int count) throws ErrnoException {
        String what = "TUNSETIFF " + name + " (IFF_TUN|IFF_NO_PI|IFF_MULTI_QUEUE, queue " + (index + 1) + " of " + count + ")";
        int raw = Native.check(Native.libc().open("/dev/net/tun", Native.O_RDWR | Native.O_NONBLOCK | Native.O_CLOEXEC),
                "open /dev/net/tun");
        Pointer ifreq = Native.allocate(IFREQ_SIZE);                // struct ifreq: ifr_name[16], ifr_flags
        byte[] ascii = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ifreq.put(0, ascii, 0, Math.min(ascii.length, IFNAMSIZ - 1));
        ifreq.putShort(IFNAMSIZ, (short) (IFF_TUN | IFF_NO_PI | IFF_MULTI_QUEUE));
        if (Native.libc().ioctl(raw, TUNSETIFF, ifreq) < 0) {
            ErrnoException e = Native.failure(what);
            Native.closeQuietly(raw);
            throw e;
        }
        return new PosixTunQueue(GuardedFd.of(raw, name + " queue " + index), index);
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (!fd.enter()) return -1;
        try {
            ScratchMemory s = scratch.get();
            int n = readInto(s, s.address() + s.packet(), Math.min(len, s.packetCapacity()));
            if (n > 0) s.pointer().get(s.packet(), buf, off, n);
            return n;
        } finally {
            fd.exit();
        }
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
            int n = readInto(scratch.get(), Native.address(dst) + dst.position(), dst.remaining());
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
            if (len > s.packetCapacity()) return -ErrnoException.EINVAL;
            s.pointer().put(s.packet(), buf, off, len);
            return writeFrom(s, s.address() + s.packet(), len);
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
            int n = writeFrom(scratch.get(), Native.address(src) + src.position(), src.remaining());
            if (n > 0) src.position(src.position() + n);
            return n;
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
        return fd.name();
    }
}
