package org.ikd.daemon.control;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One control exchange over a connected socket, under one deadline. Unix-domain channels have no
 * SO_TIMEOUT in Java, so the channel runs non-blocking under a selector and every wait is
 * bounded by what is left of the deadline. Text is UTF-8; a request ends with '\n' or EOF.
 */
final class FramedChannel implements Closeable {
    /** A peer sent more than the limit. */
    static final class TooLargeException extends IOException {
        TooLargeException(int limit) {
            super("more than " + limit + " bytes");
        }
    }

    private final SocketChannel channel;
    private final Selector selector;
    private long deadline;
    private final Duration timeout;
    private byte[] pending;

    FramedChannel(SocketChannel channel, Duration timeout) throws IOException {
        this.channel = channel;
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
        this.selector = Selector.open();
        channel.configureBlocking(false);
    }

    /** Starts a fresh timeout, e.g. for writing the answer after a slow handler. */
    void restartClock() {
        deadline = System.nanoTime() + timeout.toNanos();
    }

    /** Bytes up to the first '\n' (excluded) or EOF. */
    String readLine(int limit) throws IOException {
        return read(limit, true);
    }

    /** Everything until the peer closes. */
    String readToEnd(int limit) throws IOException {
        return read(limit, false);
    }

    void write(String text) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE);
        while (b.hasRemaining()) {
            if (channel.write(b) == 0) await();
        }
        key.cancel();
        selector.selectNow();                    // flush the cancelled key before the next register
    }

    /**
     * Ends our side: half-close, then read and discard what the peer still sends (at most 64 KiB,
     * 200 ms), so closing never finds unread bytes, which on AF_UNIX resets the peer's read.
     */
    void finish() throws IOException {
        channel.shutdownOutput();
        long drainEnd = Math.min(deadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200));
        ByteBuffer b = ByteBuffer.allocate(8192);
        SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
        try {
            for (int total = 0; total < 64 * 1024; ) {
                b.clear();
                int n = channel.read(b);
                if (n < 0) return;
                total += n;
                long left = drainEnd - System.nanoTime();
                if (n == 0 && left <= 0) return;
                if (n == 0) selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                selector.selectedKeys().clear();
            }
        } finally {
            key.cancel();
            selector.selectNow();
        }
    }

    private String read(int limit, boolean stopAtNewline) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (pending != null) {                    // bytes after the last line a stream's read returned
            byte[] p = pending;
            pending = null;
            int end = stopAtNewline ? indexOf(p, p.length, (byte) '\n') : -1;
            out.write(p, 0, end < 0 ? p.length : end);
            if (end >= 0) {
                keep(p, end + 1, p.length);
                return out.toString(StandardCharsets.UTF_8);
            }
        }
        ByteBuffer b = ByteBuffer.allocate(8192);
        SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
        try {
            while (true) {
                b.clear();
                int n = channel.read(b);
                if (n < 0) return out.toString(StandardCharsets.UTF_8);
                if (n == 0) {
                    await();
                    continue;
                }
                int end = stopAtNewline ? indexOf(b.array(), n, (byte) '\n') : -1;
                out.write(b.array(), 0, end < 0 ? n : end);
                if (out.size() > limit) throw new TooLargeException(limit);
                if (end >= 0) {
                    keep(b.array(), end + 1, n);
                    return out.toString(StandardCharsets.UTF_8);
                }
            }
        } finally {
            key.cancel();
            selector.selectNow();
        }
    }

    /** Keeps {@code a[from..to)} for the next read: a stream sends many lines, one read may hold several. */
    private void keep(byte[] a, int from, int to) {
        if (from < to) pending = java.util.Arrays.copyOfRange(a, from, to);
    }

    private void await() throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) throw new SocketTimeoutException("no progress within " + timeout.toMillis() + " ms");
        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        selector.selectedKeys().clear();
    }

    private static int indexOf(byte[] a, int length, byte value) {
        for (int i = 0; i < length; i++) if (a[i] == value) return i;
        return -1;
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            channel.close();
        }
    }
}
