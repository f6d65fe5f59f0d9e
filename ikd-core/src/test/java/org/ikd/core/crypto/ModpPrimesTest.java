package org.ikd.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the stored hex against the definition the RFCs give for each prime,
 * p = 2^n - 2^(n-64) - 1 + 2^64 * ([2^(n-130) pi] + k), with pi computed here (Machin's
 * formula), and checks that p and (p-1)/2 are (probable) primes.
 */
class ModpPrimesTest {
    private static final int SCALE = 8192 + 128;                  // bits of pi after the point
    private static final BigInteger PI = pi(SCALE);

    /** n and k as printed in RFC 2409 §6.1-6.2 and RFC 3526 §2-7. */
    static Stream<Arguments> groups() {
        return Stream.of(
                Arguments.of(DhGroupId.MODP_768, 768, 149686),        // RFC 2409 §6.1
                Arguments.of(DhGroupId.MODP_1024, 1024, 129093),      // RFC 2409 §6.2
                Arguments.of(DhGroupId.MODP_1536, 1536, 741804),      // RFC 3526 §2
                Arguments.of(DhGroupId.MODP_2048, 2048, 124476),      // RFC 3526 §3
                Arguments.of(DhGroupId.MODP_3072, 3072, 1690314),     // RFC 3526 §4
                Arguments.of(DhGroupId.MODP_4096, 4096, 240904),      // RFC 3526 §5
                Arguments.of(DhGroupId.MODP_6144, 6144, 929484),      // RFC 3526 §6
                Arguments.of(DhGroupId.MODP_8192, 8192, 4743158));    // RFC 3526 §7
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("groups")
    void primeMatchesTheRfcFormula(DhGroupId id, int n, int k) {
        BigInteger floorPi = PI.shiftRight(SCALE - (n - 130));     // [2^(n-130) pi]
        BigInteger expected = BigInteger.TWO.pow(n)
                .subtract(BigInteger.TWO.pow(n - 64))
                .subtract(BigInteger.ONE)
                .add(BigInteger.TWO.pow(64).multiply(floorPi.add(BigInteger.valueOf(k))));
        assertEquals(expected, ModpPrimes.prime(id));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("groups")
    void primeHasTheGroupsBitLengthAndPublicValueLength(DhGroupId id, int n, int k) {
        assertEquals(n, ModpPrimes.prime(id).bitLength());
        assertEquals(n / 8, id.publicValueLength());
    }

    /**
     * Fermat tests to bases 2 and 3 for p and q = (p-1)/2 (the formula above already pins the
     * value; this guards the formula's transcription, and is 10x faster than isProbablePrime).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("groups")
    void primeIsASafePrime(DhGroupId id, int n, int k) {
        BigInteger p = ModpPrimes.prime(id);
        BigInteger q = p.shiftRight(1);
        for (BigInteger base : new BigInteger[] {BigInteger.TWO, BigInteger.valueOf(3)}) {
            assertEquals(BigInteger.ONE, base.modPow(p.subtract(BigInteger.ONE), p), "p passes Fermat base " + base);
            assertEquals(BigInteger.ONE, base.modPow(q.subtract(BigInteger.ONE), q), "q passes Fermat base " + base);
        }
    }

    /** pi * 2^scale, floored to within a few units: 16 atan(1/5) - 4 atan(1/239) (Machin). */
    private static BigInteger pi(int scale) {
        int guard = 64;
        BigInteger one = BigInteger.ONE.shiftLeft(scale + guard);
        BigInteger pi = arctanInverse(5, one).shiftLeft(4).subtract(arctanInverse(239, one).shiftLeft(2));
        return pi.shiftRight(guard);
    }

    private static BigInteger arctanInverse(int x, BigInteger one) {
        BigInteger sum = BigInteger.ZERO;
        BigInteger power = one.divide(BigInteger.valueOf(x));     // one / x^(2i+1)
        BigInteger x2 = BigInteger.valueOf((long) x * x);
        for (int i = 0; power.signum() != 0; i++) {
            BigInteger term = power.divide(BigInteger.valueOf(2L * i + 1));
            sum = (i % 2 == 0) ? sum.add(term) : sum.subtract(term);
            power = power.divide(x2);
        }
        return sum;
    }
}
