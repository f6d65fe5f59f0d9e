package org.ikd.esp.transform;

/**
 * The FIPS 46-3 DES tables (bits numbered 1..64 from the left, as in the standard) and the
 * lookup tables {@link DesCbc} derives from them once per JVM, plus the key schedule. Nothing
 * here is mutable after class initialisation.
 */
final class DesTables {
    /** FIPS 46-3 IP: output bit i is input bit IP[i-1]. */
    private static final byte[] IP = {
        58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4,
        62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40, 32, 24, 16, 8,
        57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3,
        61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7};

    /** FIPS 46-3 P, the permutation after the S-boxes. */
    private static final byte[] P = {
        16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10,
        2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25};

    /** FIPS 46-3 PC-1 (C0 = first 28 entries, D0 = the rest). */
    private static final byte[] PC1 = {
        57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18,
        10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36,
        63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22,
        14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4};

    /** FIPS 46-3 PC-2, selecting K_n's 48 bits from C_n D_n. */
    private static final byte[] PC2 = {
        14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10,
        23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2,
        41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48,
        44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32};

    /** FIPS 46-3: left shifts of C and D before each round. */
    private static final byte[] SHIFTS = {1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1};

    /** FIPS 46-3 S1..S8, each 4 rows of 16. */
    private static final byte[][] S = {
        {14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7,
         0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12, 11, 9, 5, 3, 8,
         4, 1, 14, 8, 13, 6, 2, 11, 15, 12, 9, 7, 3, 10, 5, 0,
         15, 12, 8, 2, 4, 9, 1, 7, 5, 11, 3, 14, 10, 0, 6, 13},
        {15, 1, 8, 14, 6, 11, 3, 4, 9, 7, 2, 13, 12, 0, 5, 10,
         3, 13, 4, 7, 15, 2, 8, 14, 12, 0, 1, 10, 6, 9, 11, 5,
         0, 14, 7, 11, 10, 4, 13, 1, 5, 8, 12, 6, 9, 3, 2, 15,
         13, 8, 10, 1, 3, 15, 4, 2, 11, 6, 7, 12, 0, 5, 14, 9},
        {10, 0, 9, 14, 6, 3, 15, 5, 1, 13, 12, 7, 11, 4, 2, 8,
         13, 7, 0, 9, 3, 4, 6, 10, 2, 8, 5, 14, 12, 11, 15, 1,
         13, 6, 4, 9, 8, 15, 3, 0, 11, 1, 2, 12, 5, 10, 14, 7,
         1, 10, 13, 0, 6, 9, 8, 7, 4, 15, 14, 3, 11, 5, 2, 12},
        {7, 13, 14, 3, 0, 6, 9, 10, 1, 2, 8, 5, 11, 12, 4, 15,
         13, 8, 11, 5, 6, 15, 0, 3, 4, 7, 2, 12, 1, 10, 14, 9,
         10, 6, 9, 0, 12, 11, 7, 13, 15, 1, 3, 14, 5, 2, 8, 4,
         3, 15, 0, 6, 10, 1, 13, 8, 9, 4, 5, 11, 12, 7, 2, 14},
        {2, 12, 4, 1, 7, 10, 11, 6, 8, 5, 3, 15, 13, 0, 14, 9,
         14, 11, 2, 12, 4, 7, 13, 1, 5, 0, 15, 10, 3, 9, 8, 6,
         4, 2, 1, 11, 10, 13, 7, 8, 15, 9, 12, 5, 6, 3, 0, 14,
         11, 8, 12, 7, 1, 14, 2, 13, 6, 15, 0, 9, 10, 4, 5, 3},
        {12, 1, 10, 15, 9, 2, 6, 8, 0, 13, 3, 4, 14, 7, 5, 11,
         10, 15, 4, 2, 7, 12, 9, 5, 6, 1, 13, 14, 0, 11, 3, 8,
         9, 14, 15, 5, 2, 8, 12, 3, 7, 0, 4, 10, 1, 13, 11, 6,
         4, 3, 2, 12, 9, 5, 15, 10, 11, 14, 1, 7, 6, 0, 8, 13},
        {4, 11, 2, 14, 15, 0, 8, 13, 3, 12, 9, 7, 5, 10, 6, 1,
         13, 0, 11, 7, 4, 9, 1, 10, 14, 3, 5, 12, 2, 15, 8, 6,
         1, 4, 11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5, 9, 2,
         6, 11, 13, 8, 1, 4, 10, 7, 9, 5, 0, 15, 14, 2, 3, 12},
        {13, 2, 8, 4, 6, 15, 11, 1, 10, 9, 3, 14, 5, 0, 12, 7,
         1, 15, 13, 8, 10, 3, 7, 4, 12, 5, 6, 11, 0, 14, 9, 2,
         7, 11, 4, 1, 9, 12, 14, 2, 0, 6, 10, 13, 15, 3, 5, 8,
         2, 1, 14, 7, 4, 10, 8, 13, 15, 12, 9, 0, 3, 5, 6, 11}};

    private DesTables() {
    }

    /** SP[64 j + x] = P(S_{j+1}(x)) rotated left by one; x's bits are b1..b6 from the left. */
    static int[] spTable() {
        int[] sp = new int[512];
        for (int j = 0; j < 8; j++) {
            for (int x = 0; x < 64; x++) {
                int row = (x >>> 4 & 2) | (x & 1);          // b1 b6
                int column = x >>> 1 & 15;                  // b2 b3 b4 b5
                int s = S[j][row * 16 + column] << (28 - 4 * j);
                sp[64 * j + x] = Integer.rotateLeft((int) select(P, s & 0xffffffffL, 32), 1);
            }
        }
        return sp;
    }

    /** Per nibble of the input block: IP, then both halves rotated left by one bit. */
    static long[] initialPermutation() {
        long[] t = new long[256];
        for (int n = 0; n < 16; n++)
            for (int v = 0; v < 16; v++)
                t[n * 16 + v] = rotateHalves(select(IP, (long) v << (60 - 4 * n), 64), 1);
        return t;
    }

    /** Per nibble of the rotated preoutput block: the halves rotated back, then IP^-1. */
    static long[] finalPermutation() {
        byte[] inverse = new byte[64];
        for (int i = 0; i < 64; i++) inverse[IP[i] - 1] = (byte) (i + 1);
        long[] t = new long[256];
        for (int n = 0; n < 16; n++)
            for (int v = 0; v < 16; v++)
                t[n * 16 + v] = select(inverse, rotateHalves((long) v << (60 - 4 * n), 31), 64);
        return t;
    }

    /**
     * FIPS 46-3 KS for the 8-byte key at {@code key[off]}: K_1..K_16, each as two cooked ints
     * (groups 1,3,5,7 then 2,4,6,8 at bits 24, 16, 8, 0).
     */
    static int[] schedule(byte[] key, int off) {
        long k = 0;
        for (int i = 0; i < 8; i++) k = k << 8 | (key[off + i] & 0xff);
        long cd = select(PC1, k, 64);                   // 56 bits, C0 then D0
        int c = (int) (cd >>> 28), d = (int) (cd & 0x0fffffff);
        int[] cooked = new int[32];
        for (int round = 0; round < 16; round++) {
            c = rotate28(c, SHIFTS[round]);
            d = rotate28(d, SHIFTS[round]);
            long subkey = select(PC2, (long) c << 28 | d, 56);   // 48 bits
            int[] g = new int[8];
            for (int j = 0; j < 8; j++) g[j] = (int) (subkey >>> (42 - 6 * j)) & 0x3f;
            cooked[2 * round] = g[0] << 24 | g[2] << 16 | g[4] << 8 | g[6];
            cooked[2 * round + 1] = g[1] << 24 | g[3] << 16 | g[5] << 8 | g[7];
        }
        return cooked;
    }

    /**
     * Output bit i (1..table.length, from the left) is input bit table[i-1] of an
     * {@code inBits}-bit input (also numbered from the left).
     */
    private static long select(byte[] table, long in, int inBits) {
        long out = 0;
        for (byte bit : table) out = out << 1 | (in >>> (inBits - bit) & 1);
        return out;
    }

    private static long rotateHalves(long x, int left) {
        int l = Integer.rotateLeft((int) (x >>> 32), left);
        int r = Integer.rotateLeft((int) x, left);
        return (long) l << 32 | (r & 0xffffffffL);
    }

    private static int rotate28(int x, int n) {
        return (x << n | x >>> (28 - n)) & 0x0fffffff;
    }
}
