package org.ikd.core.ike.exchange;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.BitSet;
import org.ikd.core.policy.Subnet;

/**
 * The virtual addresses of one remote-access pool (draft-dukes-ike-mode-cfg-02 INTERNAL_IP4_ADDRESS,
 * INTERNAL_IP6_ADDRESS), lowest free first: every host address of an IPv4 pool but its network and
 * broadcast addresses; of an IPv6 pool all but the subnet-router anycast address (RFC 4291 §2.6.1), the
 * first 2^16 at most. Confined to the IKE event loop.
 */
final class AddressPool {
    private static final int MAX_V6 = 1 << 16;
    private final Subnet pool;
    private final BigInteger base;
    private final int length;
    private final int first;
    private final int end;                        // exclusive
    private final BitSet used = new BitSet();

    AddressPool(Subnet pool) {
        this.pool = pool;
        byte[] network = pool.network().getAddress();
        this.length = network.length;
        this.base = new BigInteger(1, network);
        int hostBits = network.length * 8 - pool.prefix();
        this.first = 1;
        this.end = pool.isIpv4() ? (1 << hostBits) - 1 : hostBits >= 17 ? MAX_V6 : 1 << hostBits;
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
        for (int i = used.nextClearBit(first); i < end; i = used.nextClearBit(i + 1)) {
            InetAddress a = toAddress(i);
            if (stillRouted.test(a)) continue;
            used.set(i);
            return a;
        }
        return null;
    }

    void release(InetAddress address) {
        if (address.getAddress().length != length) return;
        BigInteger offset = new BigInteger(1, address.getAddress()).subtract(base);
        if (offset.signum() > 0 && offset.compareTo(BigInteger.valueOf(end)) < 0) used.clear(offset.intValue());
    }

    int leased() {
        return used.cardinality();
    }

    private InetAddress toAddress(int offset) {
        byte[] raw = base.add(BigInteger.valueOf(offset)).toByteArray();
        byte[] out = new byte[length];
        int n = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - n, out, length - n, n);
        try {
            return InetAddress.getByAddress(out);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);                              // 4 or 16 bytes are always an address
        }
    }
}
