package org.ikd.it.hostile.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.ikd.core.crypto.Bytes;
import org.ikd.it.lab.Netns;
import org.ikd.tun.posix.NetNamespace;

/**
 * UDP 500 of the attacker's address in its namespace. The socket is created on a thread that
 * entered the namespace with setns (as {@link org.ikd.it.lab.IkeEngineNode} does): a socket
 * belongs to the namespace of the thread that creates it, and keeps it on any thread after.
 * Every datagram received is kept, in order, for the tests to inspect. One test thread at a time.
 */
public final class PeerSocket implements AutoCloseable {
    public static final int IKE_PORT = 500;

    private final DatagramSocket socket;
    private final InetSocketAddress target;
    private final List<Bytes> received = new ArrayList<>();

    private PeerSocket(DatagramSocket socket, InetSocketAddress target) {
        this.socket = socket;
        this.target = target;
    }

    /** Binds {@code local}:500 inside {@code ns}; datagrams go to {@code target}:500. */
    public static PeerSocket open(Netns ns, InetAddress local, InetAddress target) throws Exception {
        ExecutorService inside = Executors.newSingleThreadExecutor(r -> new Thread(r, "ikh-peer-" + ns.name()));
        try {
            DatagramSocket s = inside.submit(() -> {
                NetNamespace.enter(ns.name());          // the thread ends with the executor, inside
                return new DatagramSocket(new InetSocketAddress(local, IKE_PORT));
            }).get(10, TimeUnit.SECONDS);
            return new PeerSocket(s, new InetSocketAddress(target, IKE_PORT));
        } finally {
            inside.shutdownNow();
        }
    }

    public void send(Bytes datagram) {
        byte[] b = datagram.toArray();
        try {
            socket.send(new DatagramPacket(b, b.length, target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first datagram from the target that {@code wanted} accepts within {@code within}; others are kept and skipped. */
    public Optional<Bytes> receive(Predicate<Bytes> wanted, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        byte[] buf = new byte[65535];
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) return Optional.empty();
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.setSoTimeout((int) Math.max(1, left));
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!p.getSocketAddress().equals(target)) continue;
            Bytes d = Bytes.of(buf, 0, p.getLength());
            received.add(d);
            if (wanted.test(d)) return Optional.of(d);
        }
    }

    /** Every datagram the target sent us so far, oldest first. */
    public List<Bytes> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        socket.close();
    }
}
