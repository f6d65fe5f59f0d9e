package org.ikd.core.ike.exchange;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.BitSet;
import org.ikd.core.policy.Subnet;

/**
 * The virtual IPv4 addresses of one remote-access rule (draft-dukes-ike-mode-cfg-02 INTERNAL_IP4_ADDRESS):
 * every host address of the pool but its network and broadcast addresses, lowest free first. Confined to
 * the IKE event loop.
 */
final class AddressPool {
    private final Subnet pool;
    private final int base;
    private final int size;
    private final BitSet used = new BitSet();

    AddressPool(Subnet pool) {
        this.pool = pool;
        this.base = toInt(pool.network());
        this.size = 1 << (32 - pool.prefix());
    }

    Subnet subnet() {
        return pool;
    }

    /** A free address, or null when every one is leased. */
    InetAddress lease() {
        return lease(a -> false);
    }

    /**
     * The lowest free address that {@code stillRouted} does not claim (an IPsec SA pair of an earlier
     * holder that outlived its ISAKMP SA: its traffic must not reach the next user), or null.
     */
    InetAddress lease(java.util.function.Predicate<InetAddress> stillRouted) {
        for (int i = used.nextClearBit(1); i < size - 1; i = used.nextClearBit(i + 1)) {
            InetAddress a = toAddress(base + i);
            if (stillRouted.test(a)) continue;
            used.set(i);
            return a;
        }
        return null;
    }

    void release(InetAddress address) {
        int i = toInt(address) - base;
        if (i > 0 && i < size - 1) used.clear(i);
    }

    int leased() {
        return used.cardinality();
    }

    private static int toInt(InetAddress a) {
        byte[] b = a.getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    private static InetAddress toAddress(int v) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);                              // four bytes are always an address
        }
    }
}
