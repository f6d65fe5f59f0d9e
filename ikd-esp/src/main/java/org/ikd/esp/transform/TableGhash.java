package org.ikd.esp.transform;

import java.util.Arrays;
import org.ikd.esp.packet.NetworkOrder;

/**
 * GHASH of NIST SP 800-38D §6.4 in plain Java, with Shoup's 4-bit tables: 16 multiples of H (256
 * bytes per key) and one shared reduction table, so that a block costs 32 table look-ups and
 * shifts on two longs and nothing is allocated. Bit order is GCM's: the first bit of a block is
 * the x^0 coefficient (§6.3), so "shift right" multiplies by x and R = 0xe1 || 0^120 reduces.
 * About 25 times slower than the JDK's carry-less-multiply intrinsic ({@link JdkGhash}): used when
 * that is not open to us, and the reference it is checked against. Not thread-safe.
 */
final class TableGhash implements Ghash {
    /** The reduction of the 4 bits shifted out, pre-multiplied (x^128 = x^7 + x^2 + x + 1). */
    private static final long[] LAST4 = {
        0x0000L << 48, 0x1c20L << 48, 0x3840L << 48, 0x2460L << 48, 0x7080L << 48, 0x6ca0L << 48, 0x48c0L << 48,
        0x54e0L << 48, 0xe100L << 48, 0xfd20L << 48, 0xd940L << 48, 0xc560L << 48, 0x9180L << 48, 0x8da0L << 48,
        0xa9c0L << 48, 0xb5e0L << 48};
    private static final long R = 0xe100000000000000L;

    private final long[] hh = new long[16];
    private final long[] hl = new long[16];
    private final byte[] partial = new byte[16];
    private long yh;
    private long yl;

    /** {@code h}: the hash subkey E(K, 0^128), 16 bytes at {@code off}. */
    TableGhash(byte[] h, int off) {
        long vh = NetworkOrder.i64(h, off);
        long vl = NetworkOrder.i64(h, off + 8);
        hh[8] = vh;
        hl[8] = vl;
        for (int i = 4; i > 0; i >>= 1) {          // H·x, H·x^2, H·x^3 at the nibble values 4, 2, 1
            long carry = (vl & 1) != 0 ? R : 0;
            vl = (vh << 63) | (vl >>> 1);
            vh = (vh >>> 1) ^ carry;
            hh[i] = vh;
            hl[i] = vl;
        }
        for (int i = 2; i <= 8; i <<= 1) {         // the other nibbles by linearity
            for (int j = 1; j < i; j++) {
                hh[i + j] = hh[i] ^ hh[j];
                hl[i + j] = hl[i] ^ hl[j];
            }
        }
    }

    @Override
    public void reset() {
        yh = 0;
        yl = 0;
    }

    @Override
    public void update(byte[] b, int off, int length) {
        int end = off + (length & ~15);
        for (int i = off; i < end; i += 16) block(NetworkOrder.i64(b, i), NetworkOrder.i64(b, i + 8));
        int rest = length & 15;
        if (rest == 0) return;
        System.arraycopy(b, end, partial, 0, rest);
        Arrays.fill(partial, rest, 16, (byte) 0);
        block(NetworkOrder.i64(partial, 0), NetworkOrder.i64(partial, 8));
    }

    @Override
    public void finish(long aadBytes, long textBytes, byte[] out, int outOff) {
        block(aadBytes << 3, textBytes << 3);
        NetworkOrder.put64(out, outOff, yh);
        NetworkOrder.put64(out, outOff + 8, yl);
    }

    /** Y = (Y ^ X) · H, nibble by nibble from the last (the highest powers of x) to the first. */
    private void block(long xh, long xl) {
        xh ^= yh;
        xl ^= yl;
        long zh = 0;
        long zl = 0;
        for (int s = 0; s < 128; s += 4) {
            int n = (int) ((s < 64 ? xl : xh) >>> s) & 15;
            int rem = (int) zl & 15;
            zl = (zh << 60) | (zl >>> 4);
            zh = (zh >>> 4) ^ LAST4[rem] ^ hh[n];
            zl ^= hl[n];
        }
        yh = zh;
        yl = zl;
    }
}
