package org.ikd.tun.posix;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * An AF_UNIX SOCK_DGRAM socket (unix(7)), which Java 17's {@code DatagramChannel} cannot open.
 * Generic: it sends and receives datagrams to and from a path or, when the address starts with
 * {@code '@'}, an abstract-namespace name (unix(7) "abstract"; the '@' stands for the leading NUL,
 * as in systemd's {@code $NOTIFY_SOCKET}). 64-bit Linux only (sockaddr_un and timeval layouts).
 * One owner thread; {@link #close()} may be called from any thread once.
 */
public final class UnixDatagramSocket implements Closeable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int EAGAIN = 11;
    private static final int EINTR = 4;
    private static final int SUN_PATH_MAX = 108;          // sizeof(sockaddr_un.sun_path), unix(7)

    /** The few libc calls this class makes. */
    public interface LibC {
        @SaveError int socket(int domain, int type, int protocol);
        @SaveError int bind(int fd, @In byte[] address, int addressLength);
        @SaveError @ssize_t long sendto(int fd, @In byte[] buffer, @size_t long length, int flags,
                                        @In byte[] address, int addressLength);
        @SaveError @ssize_t long recv(int fd, @Out byte[] buffer, @size_t long length, int flags);
        @SaveError int setsockopt(int fd, int level, int option, @In byte[] value, int valueLength);
        int close(int fd);
        String strerror(int errno);
    }

    private static final class Loaded {        // loaded on first use, immutable afterwards
        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
        static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
    }

    private final String boundAddress;
    private volatile int fd;

    private UnixDatagramSocket(int fd, String boundAddress) {
        this.fd = fd;
        this.boundAddress = boundAddress;
    }

    /** An unbound socket, for sending. */
    public static UnixDatagramSocket open() throws IOException {
        return new UnixDatagramSocket(newSocket(), null);
    }

    /** A socket bound to {@code address} (a path, or {@code @name} for the abstract namespace), for receiving. */
    public static UnixDatagramSocket bind(String address) throws IOException {
        byte[] sockaddr = sockaddr(address);
        int fd = newSocket();
        if (Loaded.LIBC.bind(fd, sockaddr, sockaddr.length) < 0) {
            IOException e = failure("bind " + address);
            Loaded.LIBC.close(fd);
            throw e;
        }
        return new UnixDatagramSocket(fd, address);
    }

    /** Sends one datagram to {@code address}; the whole datagram or an exception. */
    public void send(String address, byte[] datagram) throws IOException {
        byte[] sockaddr = sockaddr(address);
        long sent;
        do {
            sent = Loaded.LIBC.sendto(liveFd(), datagram, datagram.length, 0, sockaddr, sockaddr.length);
        } while (sent < 0 && Loaded.RUNTIME.getLastError() == EINTR);
        if (sent < 0) throw failure("sendto " + address);
        if (sent != datagram.length) throw new IOException("sendto " + address + ": sent " + sent + " of " + datagram.length + " bytes");
    }

    /**
     * Receives one datagram of at most {@code maxLength} bytes (a longer one is truncated, unix(7)),
     * waiting at most {@code timeout}; throws {@link SocketTimeoutException} when none arrived.
     */
    public byte[] receive(int maxLength, Duration timeout) throws IOException {
        setReceiveTimeout(timeout);
        byte[] buffer = new byte[maxLength];
        long n;
        do {
            n = Loaded.LIBC.recv(liveFd(), buffer, buffer.length, 0);
        } while (n < 0 && Loaded.RUNTIME.getLastError() == EINTR);
        if (n < 0 && Loaded.RUNTIME.getLastError() == EAGAIN)
            throw new SocketTimeoutException("no datagram on " + boundAddress + " within " + timeout.toMillis() + " ms");
        if (n < 0) throw failure("recv on " + boundAddress);
        return Arrays.copyOf(buffer, (int) n);
    }

    @Override
    public void close() {
        int f = fd;
        fd = -1;
        if (f >= 0) Loaded.LIBC.close(f);
    }

    private void setReceiveTimeout(Duration timeout) throws IOException {
        // struct timeval { long tv_sec; long tv_usec; } on LP64; zero would mean "block forever".
        long micros = Math.max(1, timeout.toNanos() / 1000);
        byte[] timeval = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder())
                .putLong(micros / 1_000_000).putLong(micros % 1_000_000).array();
        if (Loaded.LIBC.setsockopt(liveFd(), SOL_SOCKET, SO_RCVTIMEO, timeval, timeval.length) < 0)
            throw failure("setsockopt SO_RCVTIMEO");
    }

    private int liveFd() throws IOException {
        int f = fd;
        if (f < 0) throw new IOException("socket is closed");
        return f;
    }

    private static int newSocket() throws IOException {
        int fd = Loaded.LIBC.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) throw failure("socket(AF_UNIX, SOCK_DGRAM)");
        return fd;
    }

    /**
     * unix(7) {@code struct sockaddr_un}: sa_family_t (native u16) then sun_path. A path ends with
     * a NUL; an abstract name starts with one and its length counts exactly (no trailing NUL).
     */
    static byte[] sockaddr(String address) {
        boolean isAbstract = address.startsWith("@");
        byte[] name = (isAbstract ? address.substring(1) : address).getBytes(StandardCharsets.UTF_8);
        int pathBytes = name.length + 1;                 // the leading (abstract) or trailing (path) NUL
        if (address.length() <= (isAbstract ? 1 : 0) || pathBytes > SUN_PATH_MAX)
            throw new IllegalArgumentException("AF_UNIX address '" + address + "' (expected: a path or @name of 1.."
                    + (SUN_PATH_MAX - 1) + " bytes)");
        ByteBuffer b = ByteBuffer.allocate(2 + pathBytes).order(ByteOrder.nativeOrder()).putShort((short) AF_UNIX);
        if (isAbstract) b.put((byte) 0).put(name);
        else b.put(name).put((byte) 0);
        return b.array();
    }

    private static IOException failure(String what) {
        int errno = Loaded.RUNTIME.getLastError();
        return new IOException(what + ": " + Loaded.LIBC.strerror(errno) + " (errno " + errno + ")");
    }
}
