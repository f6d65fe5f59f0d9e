package org.ikd.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** MODP groups: agreement and RFC 2409 §5 public-value rules. ECP groups: {@link EcpGroupTest}. */
class DhGroupTest {
    private final SecureRandom random = new SecureRandom();

    @ParameterizedTest
    @EnumSource(DhGroupId.class)
    void twoFreshKeyPairsAgree(DhGroupId id) throws Exception {
        DhGroup group = DhGroup.of(id);
        DhPrivate a = group.generate(random);
        DhPrivate b = group.generate(random);
        assertEquals(id.publicValueLength(), a.publicValue().length());
        Secret ab = a.agree(b.publicValue());
        Secret ba = b.agree(a.publicValue());
        assertEquals(group.sharedSecretLength(), ab.length());
        assertTrue(ab.contentEquals(ba));
        assertFalse(a.publicValue().equals(b.publicValue()));
    }

    @Test
    void modpSecretIsThePeersValueToOurExponentPaddedToThePrime() throws Exception {
        // The definition of Diffie-Hellman (RFC 2631 §2.1.1: ZZ = g^(xb * xa) mod p), padded
        // to the prime's length (RFC 2409 §5).
        ModpGroup group = (ModpGroup) DhGroup.of(DhGroupId.MODP_1024);
        BigInteger p = group.prime();
        BigInteger xa = new BigInteger(256, random);
        BigInteger xb = new BigInteger(256, random);
        DhPrivate a = group.restore(Secret.of(xa.toByteArray()));
        assertEquals(BigInteger.TWO.modPow(xa, p), new BigInteger(1, a.publicValue().toArray()));
        BigInteger yb = BigInteger.TWO.modPow(xb, p);
        Secret z = a.agree(padded(yb, 128));
        assertEquals(128, z.length());
        assertEquals(yb.modPow(xa, p), new BigInteger(1, z.reveal()));
    }

    @Test
    void modpPublicValueKeepsLeadingZeros() {
        ModpGroup group = (ModpGroup) DhGroup.of(DhGroupId.MODP_2048);
        DhPrivate small = group.restore(Secret.of(new byte[] {8}));      // y = 2^8 = 256
        Bytes expected = Bytes.concat(Bytes.of(new byte[254]), Bytes.of((byte) 1, (byte) 0));
        assertEquals(expected, small.publicValue());
    }

    @ParameterizedTest
    @EnumSource(value = DhGroupId.class, names = "MODP_.*", mode = EnumSource.Mode.MATCH_ANY)
    void modpRejectsTheValuesOutsideOneToPMinusOne(DhGroupId id) {
        ModpGroup group = (ModpGroup) DhGroup.of(id);
        BigInteger p = group.prime();
        DhPrivate a = group.generate(random);
        int len = id.publicValueLength();
        for (BigInteger y : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, p.subtract(BigInteger.ONE), p,
                BigInteger.ONE.shiftLeft(8 * len).subtract(BigInteger.ONE)}) {
            var e = assertThrows(InvalidPublicValueException.class, () -> a.agree(padded(y, len)), y.toString(16));
            assertEquals(id, e.group());
            assertTrue(e.getMessage().contains("1 < y < p-1"), e.getMessage());
        }
    }

    @Test
    void modpAcceptsTheValuesJustInsideTheRange() throws Exception {
        ModpGroup group = (ModpGroup) DhGroup.of(DhGroupId.MODP_1024);
        DhPrivate a = group.generate(random);
        assertEquals(128, a.agree(padded(BigInteger.TWO, 128)).length());
        assertEquals(128, a.agree(padded(group.prime().subtract(BigInteger.TWO), 128)).length());
    }

    @Test
    void modpRejectsAValueThatIsNotPaddedToThePrimeLength() {
        DhGroup group = DhGroup.of(DhGroupId.MODP_2048);
        DhPrivate a = group.generate(random);
        Bytes good = group.generate(random).publicValue();
        var shorter = assertThrows(InvalidPublicValueException.class, () -> a.agree(good.slice(1, 256)));
        assertTrue(shorter.getMessage().contains("255 bytes (expected: 256)"), shorter.getMessage());
        var longer = assertThrows(InvalidPublicValueException.class,
                () -> a.agree(Bytes.concat(Bytes.of((byte) 0), good)));
        assertTrue(longer.getMessage().contains("257 bytes (expected: 256)"), longer.getMessage());
        assertThrows(InvalidPublicValueException.class, () -> a.agree(Bytes.EMPTY));
    }

    @Test
    void aDestroyedPrivateValueRefusesToAgree() throws Exception {
        DhGroup group = DhGroup.of(DhGroupId.MODP_1024);
        DhPrivate a = group.generate(random);
        Bytes peer = group.generate(random).publicValue();
        a.destroy();
        assertTrue(a.isDestroyed());
        assertThrows(IllegalStateException.class, () -> a.agree(peer));
    }

    @Test
    void privateValueNamesOnlyItsGroup() {
        assertEquals("DhPrivate[modp1024]", DhGroup.of(DhGroupId.MODP_1024).generate(random).toString());
    }

    @Test
    void modpPrivateExponentsFollowRfc3526Section8() {
        // Twice the larger strength estimate (RFC 3526 §8), 256 bits at least.
        assertEquals(256, ModpGroup.exponentBits(DhGroupId.MODP_1024));
        assertEquals(320, ModpGroup.exponentBits(DhGroupId.MODP_2048));
        assertEquals(620, ModpGroup.exponentBits(DhGroupId.MODP_8192));
    }

    static Bytes padded(BigInteger v, int len) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[len];
        int n = Math.min(raw.length, len);
        System.arraycopy(raw, raw.length - n, out, len - n, n);
        return Bytes.of(out);
    }
}
