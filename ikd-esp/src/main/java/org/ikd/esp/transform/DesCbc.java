package org.ikd.esp.transform;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * DES-CBC (RFC 2405) and DES-EDE3-CBC (RFC 2451; TDEA keying option 1, NIST SP 800-67 §3.2)
 * for the data plane, over whole blocks of a byte array, in place or to the left. The JDK's
 * DESede does ~12 MB/s (per-block copies, bitwise permutations, three separate DES calls); this
 * one keys once per SA and does per block: one initial permutation, 16 or 48 table-driven
 * rounds, one final permutation (FIPS 46-3: FP of one DES pass and IP of the next cancel, so
 * EDE runs as 48 rounds with a swap of the halves between passes).
 *
 * <p>Tables, all derived at class load from the FIPS 46-3 tables in {@link DesTables}:
 * <ul>
 * <li>{@code SP}: for S-box j and 6-bit input x, P(S_j(x)) placed at S_j's output bits, so a
 *     round's f is eight lookups ORed together. Both halves are kept rotated left by one bit
 *     (the IP and FP tables do and undo it), so that each S-box's six E-expanded input bits are
 *     six contiguous bits of R or of R rotated right by 4 — E costs one rotation.</li>
 * <li>{@code IP}, {@code FP}: 16 tables of 16 longs, one per nibble of the block.</li>
 * </ul>
 * Subkeys are stored "cooked": round i's 48 bits as two ints, K_i's 6-bit groups 1,3,5,7 at bits
 * 24,16,8,0 of the first and groups 2,4,6,8 of the second, lined up with those rotations.
 *
 * <p>Not constant-time (table lookups index by secret data), like every software DES. Immutable
 * after construction; {@link #destroy()} zeroes the subkeys.
 */
public final class DesCbc {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final int[] SP = DesTables.spTable();
    private static final long[] IP = DesTables.initialPermutation();
    private static final long[] FP = DesTables.finalPermutation();
    private static final int ROUND_KEYS = 32;          // 16 rounds x 2 cooked ints

    private final int[] encryptKeys;
    private final int[] decryptKeys;

    private DesCbc(int[] encryptKeys, int[] decryptKeys) {
        this.encryptKeys = encryptKeys;
        this.decryptKeys = decryptKeys;
    }

    /** An 8-byte DES key (RFC 2405) or a 24-byte K1|K2|K3 3DES key (RFC 2451 §2.2); parity bits are ignored. */
    public static DesCbc of(byte[] key) {
        if (key.length == 8) {
            int[] k = DesTables.schedule(key, 0);
            return new DesCbc(k, reversed(k));
        }
        if (key.length == 24) {
            int[] k1 = DesTables.schedule(key, 0), k2 = DesTables.schedule(key, 8), k3 = DesTables.schedule(key, 16);
            // SP 800-67 §3.1: C = E_K3(D_K2(E_K1(P))), P = D_K1(E_K2(D_K3(C))); D_K is E_K with the subkeys reversed.
            int[] enc = concat(k1, reversed(k2), k3);
            int[] dec = concat(reversed(k3), k2, reversed(k1));
            Arrays.fill(k1, 0);
            Arrays.fill(k2, 0);
            Arrays.fill(k3, 0);
            return new DesCbc(enc, dec);
        }
        throw new IllegalArgumentException("DES key is " + key.length + " bytes (expected: 8 or 24)");
    }

    /** 8 for DES, 24 for 3DES. */
    public int keyLength() {
        return encryptKeys.length / 4;
    }

    /**
     * CBC-encrypts {@code length} bytes (a multiple of 8) from {@code in[inOff]} to
     * {@code out[outOff]} with {@code iv} (big-endian); {@code outOff <= inOff} when the ranges
     * share an array. Returns the last ciphertext block (the IV that would continue the chain).
     */
    public long encrypt(long iv, byte[] in, int inOff, byte[] out, int outOff, int length) {
        checkBlocks(length);
        long c = iv;
        for (int i = 0; i < length; i += 8) {
            c = crypt(encryptKeys, (long) LONG.get(in, inOff + i) ^ c);
            LONG.set(out, outOff + i, c);
        }
        return c;
    }

    /**
     * CBC-decrypts like {@link #encrypt}; returns the last ciphertext block. Unlike encryption,
     * CBC decryption has no chain between blocks, so blocks go through the rounds two at a time:
     * one block's rounds are a chain of dependent loads, and two chains keep the CPU twice as busy.
     */
    public long decrypt(long iv, byte[] in, int inOff, byte[] out, int outOff, int length) {
        checkBlocks(length);
        long previous = iv;
        int i = 0;
        for (; i + 16 <= length; i += 16) {
            long c0 = (long) LONG.get(in, inOff + i);
            long c1 = (long) LONG.get(in, inOff + i + 8);          // both read before out (<= in) is written
            cryptPair(decryptKeys, c0, c1, out, outOff + i, previous);
            previous = c1;
        }
        if (i < length) {
            long c = (long) LONG.get(in, inOff + i);
            LONG.set(out, outOff + i, crypt(decryptKeys, c) ^ previous);
            previous = c;
        }
        return previous;
    }

    /** Zeroes the subkeys; the instance must not be used afterwards. */
    public void destroy() {
        Arrays.fill(encryptKeys, 0);
        Arrays.fill(decryptKeys, 0);
    }

    @Override
    public String toString() {
        return keyLength() == 8 ? "DesCbc[des]" : "DesCbc[3des]";
    }

    /** One block through 1 or 3 DES passes (FIPS 46-3 §"Enciphering"). */
    private static long crypt(int[] k, long block) {
        long x = permute(IP, block);
        int l = (int) (x >>> 32);
        int r = (int) x;
        for (int pass = 0; pass < k.length; pass += ROUND_KEYS) {
            for (int i = pass; i < pass + ROUND_KEYS; i += 4) {     // two rounds: L ^= f(R, K), R ^= f(L, K')
                l ^= f(r, k[i], k[i + 1]);
                r ^= f(l, k[i + 2], k[i + 3]);
            }
            int t = l;      // preoutput R16 L16: the next pass's L0 R0, or FP's input after the last
            l = r;
            r = t;
        }
        return permute(FP, (long) l << 32 | (r & 0xffffffffL));
    }

    /** {@link #crypt} on two independent blocks at once; writes D(c0) ^ previous and D(c1) ^ c0 at {@code out[off]}. */
    private static void cryptPair(int[] k, long c0, long c1, byte[] out, int off, long previous) {
        long x0 = permute(IP, c0), x1 = permute(IP, c1);
        int l0 = (int) (x0 >>> 32), r0 = (int) x0, l1 = (int) (x1 >>> 32), r1 = (int) x1;
        for (int pass = 0; pass < k.length; pass += ROUND_KEYS) {
            for (int i = pass; i < pass + ROUND_KEYS; i += 4) {
                int ka = k[i], kb = k[i + 1], kc = k[i + 2], kd = k[i + 3];
                l0 ^= f(r0, ka, kb);
                l1 ^= f(r1, ka, kb);
                r0 ^= f(l0, kc, kd);
                r1 ^= f(l1, kc, kd);
            }
            int t = l0;
            l0 = r0;
            r0 = t;
            t = l1;
            l1 = r1;
            r1 = t;
        }
        LONG.set(out, off, permute(FP, (long) l0 << 32 | (r0 & 0xffffffffL)) ^ previous);
        LONG.set(out, off + 8, permute(FP, (long) l1 << 32 | (r1 & 0xffffffffL)) ^ c0);
    }

    /** FIPS 46-3 f(R, K) = P(S(E(R) ^ K)) on a rotated R (see the class comment). */
    private static int f(int r, int k0, int k1) {
        int odd = Integer.rotateRight(r, 4) ^ k0;      // E groups 1, 3, 5, 7
        int even = r ^ k1;                             // E groups 2, 4, 6, 8
        return SP[(odd >>> 24) & 0x3f]
                | SP[64 + ((even >>> 24) & 0x3f)]
                | SP[128 + ((odd >>> 16) & 0x3f)]
                | SP[192 + ((even >>> 16) & 0x3f)]
                | SP[256 + ((odd >>> 8) & 0x3f)]
                | SP[320 + ((even >>> 8) & 0x3f)]
                | SP[384 + (odd & 0x3f)]
                | SP[448 + (even & 0x3f)];
    }

    private static long permute(long[] table, long x) {
        long y = 0;
        for (int n = 0; n < 16; n++) y |= table[n * 16 + ((int) (x >>> (60 - 4 * n)) & 15)];
        return y;
    }

    private static int[] reversed(int[] k) {
        int[] r = new int[k.length];
        for (int i = 0; i < k.length; i += 2) {
            r[k.length - 2 - i] = k[i];
            r[k.length - 1 - i] = k[i + 1];
        }
        return r;
    }

    private static int[] concat(int[] a, int[] b, int[] c) {
        int[] r = Arrays.copyOf(a, a.length + b.length + c.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        System.arraycopy(c, 0, r, a.length + b.length, c.length);
        return r;
    }

    private static void checkBlocks(int length) {
        if (length < 0 || (length & 7) != 0)
            throw new IllegalArgumentException("DES-CBC input is " + length + " bytes (expected: a multiple of 8)");
    }
}
