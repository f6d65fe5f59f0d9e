package org.ikd.tun.posix;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.ikd.tun.TunDevice;
import org.ikd.tun.TunQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A multi-queue TUN device in the network namespace of the calling thread. Not persistent: the
 * kernel removes it, and the routes through it, when the last queue closes or the process dies.
 */
public final class PosixTunDevice implements TunDevice {
    private static final Logger log = LoggerFactory.getLogger(PosixTunDevice.class);
    private final String name;
    private final List<TunQueue> queues;

    private PosixTunDevice(String name, List<TunQueue> queues) {
        this.name = name;
        this.queues = List.copyOf(queues);
    }

    /** Creates device {@code name} with {@code count} queues (attaches if a multi-queue TUN of that name exists). */
    public static PosixTunDevice open(String name, int count) throws IOException {
        return open(name, count, false);
    }

    /**
     * As {@link #open(String, int)}, with TUN offloads when {@code offloads} (IFF_VNET_HDR, TSO4/6 and
     * checksum offload, docs/tun.md); when the kernel refuses them, logs why once and opens a plain device.
     */
    public static PosixTunDevice open(String name, int count, boolean offloads) throws IOException {
        if (count < 1) throw new IllegalArgumentException("queues " + count + " (expected: >= 1)");
        if (offloads) {
            try {
                return openQueues(name, count, true);
            } catch (ErrnoException e) {
                log.warn("TUN offloads unavailable on {}, one packet per read and write: {}", name, e.getMessage());
            }
        }
        return openQueues(name, count, false);
    }

    private static PosixTunDevice openQueues(String name, int count, boolean offloads) throws IOException {
        List<TunQueue> opened = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) opened.add(PosixTunQueue.open(name, i, count, offloads));
        } catch (IOException | RuntimeException e) {
            opened.forEach(TunQueue::close);
            throw e;
        }
        return new PosixTunDevice(name, opened);
    }

    /** True when the queues were opened with offloads. */
    public boolean offloads() {
        return queues.get(0).offloads();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<TunQueue> queues() {
        return queues;
    }

    @Override
    public void close() {
        queues.forEach(TunQueue::close);
    }

    @Override
    public String toString() {
        return "TUN " + name + " (" + queues.size() + " queues" + (offloads() ? ", offloads)" : ")");
    }
}
