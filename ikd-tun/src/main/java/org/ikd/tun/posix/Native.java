package org.ikd.tun.posix;

import com.kenai.jffi.MemoryIO;
import java.nio.ByteBuffer;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.types.intptr_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;
import jnr.ffi.types.u_int64_t;

/**
 * The libc calls ikd makes, bound once through jnr-ffi. Hot-path calls take raw addresses
 * ({@code long}) of native memory so that a call allocates nothing; errno is saved per thread by jnr.
 * No call takes more than five arguments: with jffi 1.4.3 (pinned, PLATFORM.md) a sixth arrives as
 * garbage (seen as sendto's address length under strace), hence sendmsg/recvmsg rather than sendto/recvfrom.
 */
final class Native {
    private Native() {
    }

    /** Must be public for jnr's generated class; reachable only through {@link #libc()}. */
    public interface Libc {
        int open(String path, int flags);

        int close(int fd);

        @ssize_t long read(int fd, @intptr_t long buf, @size_t long count);

        @ssize_t long write(int fd, @intptr_t long buf, @size_t long count);

        int ioctl(int fd, @u_int64_t long request, Pointer arg);

        int poll(@intptr_t long fds, @u_int64_t long nfds, int timeoutMillis);

        int eventfd(int initval, int flags);

        int socket(int domain, int type, int protocol);

        int bind(int fd, Pointer address, int addressLength);

        int connect(int fd, Pointer address, int addressLength);

        int setsockopt(int fd, int level, int option, Pointer value, int valueLength);

        int getsockopt(int fd, int level, int option, @intptr_t long value, @intptr_t long valueLength);

        int recvmmsg(int fd, @intptr_t long msgvec, int vlen, int flags, @intptr_t long timeout);

        @ssize_t long sendmsg(int fd, @intptr_t long msghdr, int flags);

        int sendmmsg(int fd, @intptr_t long msgvec, int vlen, int flags);

        @ssize_t long recvmsg(int fd, @intptr_t long msghdr, int flags);

        int setns(int fd, int nstype);

        String strerror(int errnum);
    }

    // fcntl.h, sys/socket.h, sys/eventfd.h (x86-64 and arm64 values)
    static final int O_RDONLY = 0;
    static final int O_RDWR = 2;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_RAW = 3;
    static final int SOCK_NONBLOCK = O_NONBLOCK;
    static final int SOCK_CLOEXEC = O_CLOEXEC;
    static final int SOL_SOCKET = 1;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SO_RCVTIMEO = 20;
    static final int SO_SNDBUFFORCE = 32;
    static final int SO_RCVBUFFORCE = 33;
    static final int SO_MARK = 36;
    static final int SO_MEMINFO = 55;
    static final int EFD_NONBLOCK = O_NONBLOCK;
    static final int EFD_CLOEXEC = O_CLOEXEC;

    private static final class Loaded {    // loaded on first use, then immutable
        static final Libc LIBC = LibraryLoader.create(Libc.class).load("c");
        static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
    }

    static Libc libc() {
        return Loaded.LIBC;
    }

    /** errno of this thread's last libc call through {@link #libc()}. */
    static int errno() {
        return Loaded.RUNTIME.getLastError();
    }

    /** Zeroed native memory, freed when the returned pointer is garbage collected. */
    static Pointer allocate(int size) {
        return Memory.allocateDirect(Loaded.RUNTIME, size, true);
    }

    /** The address of a direct buffer's first byte (not of its position). */
    static long address(ByteBuffer direct) {
        return MemoryIO.getInstance().getDirectBufferAddress(direct);
    }

    /** A pointer whose address is {@code value}: for ioctls that take their argument by value (TUNSETOFFLOAD). */
    static Pointer byValue(long value) {
        return Pointer.wrap(Loaded.RUNTIME, value);
    }

    /** Copies {@code n} bytes between native addresses (memcpy, no call through libc). */
    static void copy(long from, long to, long n) {
        MemoryIO.getInstance().copyMemory(from, to, n);
    }

    /** An exception for the errno of the last call, naming what was attempted. */
    static ErrnoException failure(String operation) {
        return failure(operation, errno(), null);
    }

    static ErrnoException failure(String operation, int errno, String detail) {
        return new ErrnoException(operation, errno, libc().strerror(errno), detail);
    }

    /** Closes an fd, ignoring errors: used on paths that already report a failure. */
    static void closeQuietly(int fd) {
        if (fd >= 0) libc().close(fd);
    }

    static int check(int result, String operation) throws ErrnoException {
        if (result < 0) throw failure(operation);
        return result;
    }

    static void setIntOption(int fd, int level, int option, int value, String operation) throws ErrnoException {
        Pointer v = allocate(4);
        v.putInt(0, value);
        check(libc().setsockopt(fd, level, option, v, 4), operation);
    }

    /** getsockopt of an int option (allocates: not for the per-packet path). */
    static int intOption(int fd, int level, int option, String operation) throws ErrnoException {
        Pointer v = allocate(8);
        v.putInt(4, 4);
        check(libc().getsockopt(fd, level, option, v.address(), v.address() + 4), operation);
        return v.getInt(0);
    }

    /**
     * Sets a socket buffer to {@code bytes} with the *FORCE option (socket(7): needs CAP_NET_ADMIN,
     * ignores {@code net.core.rmem_max}/{@code wmem_max}); when that is refused (EPERM) with the plain
     * option, which the kernel silently caps at the sysctl maximum. Returns the size the kernel reports
     * back (twice the request, socket(7): room for its bookkeeping).
     */
    static int setBufferSize(int fd, int forceOption, int plainOption, int bytes, String operation) throws ErrnoException {
        Pointer v = allocate(4);
        v.putInt(0, bytes);
        if (libc().setsockopt(fd, SOL_SOCKET, forceOption, v, 4) < 0) {
            int errno = errno();
            if (errno != ErrnoException.EPERM) throw failure(operation, errno, null);
            check(libc().setsockopt(fd, SOL_SOCKET, plainOption, v, 4), operation);
        }
        return intOption(fd, SOL_SOCKET, plainOption, operation);
    }
}
