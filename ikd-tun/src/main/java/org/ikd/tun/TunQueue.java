package org.ikd.tun;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One queue of a {@link TunDevice}: each read returns one whole IP packet (no packet-info header,
 * no virtio_net_hdr: with offloads the queue strips, segments and completes what the kernel hands over).
 *
 * <p>Threads: one outbound pump reads; any thread may write (inbound pumps deliver decrypted packets).
 * Per-packet calls allocate nothing: native scratch memory is kept per queue and thread. {@link #close()}
 * from another thread wakes a blocked reader, which then gets -1. A later {@code readBatch} will fill
 * several caller-owned buffers per wake-up with the same contract.
 */
public interface TunQueue extends Closeable {
    /** 0-based position among the device's queues. */
    int index();

    /**
     * Blocks until a packet arrives and copies it into {@code buf[off..off+len)}.
     *
     * @return the packet length, or -1 once the queue is closed; a packet longer than {@code len}
     *         is truncated, so pass at least the MTU
     */
    int read(byte[] buf, int off, int len) throws IOException;

    /**
     * As {@link #read(byte[], int, int)} into {@code dst} from its position up to its limit; advances
     * the position. A direct buffer is filled by the kernel without a copy.
     */
    int read(ByteBuffer dst) throws IOException;

    /**
     * Hands one IP packet to the kernel as if it had arrived on the device.
     *
     * @return {@code len}, or a negative errno when the kernel refused this packet (counted, not thrown)
     * @throws IOException when the queue is closed
     */
    int write(byte[] buf, int off, int len) throws IOException;

    /** As {@link #write(byte[], int, int)} from {@code src}'s position to its limit; advances the position. */
    int write(ByteBuffer src) throws IOException;

    /**
     * True when the device was opened with TUN offloads (docs/tun.md): the kernel hands over TCP
     * superpackets of up to 64 KiB, which {@link #read} returns one MSS-sized segment per call, each
     * with a complete checksum; {@link #writeCoalescing} can merge TCP segments into one write.
     */
    default boolean offloads() {
        return false;
    }

    /**
     * Packets the calling thread's last read left to hand out without a syscall (the rest of a TSO
     * superpacket): when 0, a burst is done (the moment to flush batched sends).
     */
    default int pending() {
        return 0;
    }

    /**
     * Reads the kernel handed over that made no packet, dropped here before any data plane sees them:
     * with offloads a malformed virtio_net_hdr or superpacket, or a segment longer than the caller's room.
     */
    default long malformed() {
        return 0;
    }

    /**
     * As {@link #write(byte[], int, int)}, but with offloads the packet may be held to be merged with
     * the next TCP segments of its flow written by this thread; {@link #flush()} writes what is held.
     * Call {@code flush()} at the end of every burst.
     *
     * @return {@code len} when held or written, or a negative errno as {@code write}
     */
    default int writeCoalescing(byte[] buf, int off, int len) throws IOException {
        return write(buf, off, len);
    }

    /**
     * Writes what this thread's {@link #writeCoalescing} holds, as one superpacket.
     *
     * @return bytes written (0 when nothing was held), or a negative errno
     */
    default int flush() throws IOException {
        return 0;
    }

    /** Idempotent; wakes a blocked reader. */
    @Override
    void close();
}
