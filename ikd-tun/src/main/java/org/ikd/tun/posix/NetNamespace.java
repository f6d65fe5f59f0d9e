package org.ikd.tun.posix;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Moves the calling thread into a named network namespace ({@code /run/netns/NAME}, as
 * {@code ip netns add} creates it) with setns(2), and back on {@link #close()}.
 *
 * <p>setns(CLONE_NEWNET) changes only the calling thread. Everything that thread creates while
 * inside (TUN devices, sockets, the rtnetlink client, child processes such as {@code nft}) belongs
 * to the namespace, and fds keep it after the thread returns: other threads may use them freely.
 * Use a dedicated thread, and close on the thread that entered.
 */
public final class NetNamespace implements AutoCloseable {
    private static final int CLONE_NEWNET = 0x40000000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

    private final String name;
    private final int previous;
    private final Thread thread;
    private boolean closed;

    private NetNamespace(String name, int previous, Thread thread) {
        this.name = name;
        this.previous = previous;
        this.thread = thread;
    }

    public static NetNamespace enter(String name) throws IOException {
        if (!NAME.matcher(name).matches())
            throw new IllegalArgumentException("namespace name '" + name + "' (expected: 1..64 of [A-Za-z0-9_.-], not starting with . or -)");
        int flags = Native.O_RDONLY | Native.O_CLOEXEC;
        int previous = Native.check(Native.libc().open("/proc/thread-self/ns/net", flags), "open /proc/thread-self/ns/net");
        int target = Native.libc().open("/run/netns/" + name, flags);
        if (target < 0) {
            ErrnoException e = Native.failure("open /run/netns/" + name + " (is there a namespace '" + name + "'?)");
            Native.closeQuietly(previous);
            throw e;
        }
        int result = Native.libc().setns(target, CLONE_NEWNET);
        ErrnoException failure = result < 0 ? Native.failure("setns(" + name + ", CLONE_NEWNET)") : null;
        Native.closeQuietly(target);
        if (failure != null) {
            Native.closeQuietly(previous);
            throw failure;
        }
        return new NetNamespace(name, previous, Thread.currentThread());
    }

    public String name() {
        return name;
    }

    /** Returns the thread to the namespace it was in before {@link #enter}; idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) return;
        if (Thread.currentThread() != thread)
            throw new IllegalStateException("leaving namespace " + name + " on " + Thread.currentThread().getName()
                    + " (expected: " + thread.getName() + ", which entered it)");
        closed = true;
        int result = Native.libc().setns(previous, CLONE_NEWNET);
        ErrnoException failure = result < 0 ? Native.failure("setns back from " + name) : null;
        Native.closeQuietly(previous);
        if (failure != null) throw failure;
    }

    @Override
    public String toString() {
        return "netns " + name;
    }
}
