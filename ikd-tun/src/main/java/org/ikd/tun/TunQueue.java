package org.ikd.tun;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One queue of a {@link TunDevice}: each read returns one whole IP packet (no packet-info header).
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

    /** Idempotent; wakes a blocked reader. */
    @Override
    void close();
}
