package org.ikd.tun.posix;

import static org.ikd.tun.posix.ErrnoException.EINTR;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A non-blocking fd shared by pump threads, with an eventfd that wakes them on close.
 *
 * <p>Closing an fd does not wake a thread blocked in read(2) on it, and closing it while another
 * thread is about to use it could hit a reused number. So every use is bracketed by
 * {@link #enter()}/{@link #exit()}; {@link #close()} marks the fd closed, signals the eventfd (which
 * stays readable, so no later poll can miss it), and the last thread out closes both fds.
 * Waiting is poll(2) on {fd, eventfd}, only after the fd said EAGAIN: one syscall per packet under load.
 */
final class GuardedFd {
    static final short POLLIN = 0x1;
    static final short POLLOUT = 0x4;
    static final int POLLFDS_SIZE = 16;            // two struct pollfd {int fd; short events; short revents;}
    private static final int CLOSED = Integer.MIN_VALUE;

    private final int fd;
    private final int wakeFd;
    private final String name;
    private final AtomicInteger state = new AtomicInteger();    // CLOSED bit | threads inside

    private GuardedFd(int fd, int wakeFd, String name) {
        this.fd = fd;
        this.wakeFd = wakeFd;
        this.name = name;
    }

    /** Takes ownership of {@code fd} (already non-blocking); closes it if the eventfd cannot be made. */
    static GuardedFd of(int fd, String name) throws ErrnoException {
        int wake = Native.libc().eventfd(0, Native.EFD_NONBLOCK | Native.EFD_CLOEXEC);
        if (wake < 0) {
            ErrnoException e = Native.failure("eventfd for " + name);
            Native.closeQuietly(fd);
            throw e;
        }
        return new GuardedFd(fd, wake, name);
    }

    int fd() {
        return fd;
    }

    String name() {
        return name;
    }

    /** False once closed; otherwise the fd stays open until the matching {@link #exit()}. */
    boolean enter() {
        for (;;) {
            int s = state.get();
            if (s < 0) return false;
            if (state.compareAndSet(s, s + 1)) return true;
        }
    }

    void exit() {
        if (state.decrementAndGet() == CLOSED) release();
    }

    boolean isClosed() {
        return state.get() < 0;
    }

    /**
     * Between enter and exit: waits until the fd is ready for {@code events} or the fd is closed.
     *
     * @param pollfds {@link #POLLFDS_SIZE} bytes of native memory owned by the calling thread
     * @return false when closed
     */
    boolean await(ScratchMemory pollfds, short events) throws ErrnoException {
        var p = pollfds.pointer();
        long at = pollfds.pollfds();
        p.putInt(at, fd);
        p.putShort(at + 4, events);
        p.putShort(at + 6, (short) 0);
        p.putInt(at + 8, wakeFd);
        p.putShort(at + 12, POLLIN);
        p.putShort(at + 14, (short) 0);
        if (Native.libc().poll(pollfds.address() + at, 2, -1) < 0) {
            int errno = Native.errno();
            if (errno == EINTR) return !isClosed();
            throw Native.failure("poll " + name, errno, null);
        }
        return p.getShort(at + 14) == 0 && !isClosed();
    }

    /** Idempotent; wakes every waiting thread. */
    void close() {
        for (;;) {
            int s = state.get();
            if (s < 0) return;
            if (state.compareAndSet(s, s | CLOSED)) {
                signal();
                if (s == 0) release();
                return;
            }
        }
    }

    private void signal() {
        var one = Native.allocate(8);
        one.putLong(0, 1);
        Native.libc().write(wakeFd, one.address(), 8);
    }

    private void release() {
        Native.libc().close(fd);
        Native.libc().close(wakeFd);
    }
}
