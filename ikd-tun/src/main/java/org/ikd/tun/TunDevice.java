package org.ikd.tun;

import java.io.Closeable;
import java.util.List;

/**
 * A multi-queue TUN device ({@code IFF_TUN | IFF_NO_PI | IFF_MULTI_QUEUE}): the kernel routes packets
 * into it, the outbound pumps read them from its queues, the inbound pumps write decrypted ones back.
 * The device is not persistent: the kernel deletes it, with every route through it, when the last
 * queue closes, including when the process dies.
 */
public interface TunDevice extends Closeable {
    /** The interface name, e.g. {@code ikd0}. */
    String name();

    /** One queue per pump thread; the kernel spreads flows over them by hash. */
    List<TunQueue> queues();

    /** Closes every queue (waking blocked readers); idempotent. */
    @Override
    void close();
}
