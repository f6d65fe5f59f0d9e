package org.ikd.core.oakley;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.Prf;
import org.ikd.core.crypto.Secret;
import org.junit.jupiter.api.Test;

/** Properties of RFC 2409 §5.5 KEYMAT; the values are checked against strongSwan. */
class KeymatTest {
    private final Prf prf = Prf.hmac(HashAlgorithm.SHA2_256);
    private final Secret skeyidD = Secret.of(new byte[32]);
    private final Bytes ni = Bytes.fromHex("0102030405060708");
    private final Bytes nr = Bytes.fromHex("1112131415161718");
    private final Bytes spi = Bytes.fromHex("c0ffee01");

    @Test
    void aLongerKeymatExtendsTheShorterOne() {
        Keymat k = Keymat.withoutPfs(prf, skeyidD, ni, nr);
        byte[] short20 = k.derive(3, spi, 20).reveal();
        byte[] long100 = k.derive(3, spi, 100).reveal();
        assertEquals(100, long100.length);
        assertArrayEquals(short20, Arrays.copyOf(long100, 20));
    }

    @Test
    void eachSpiAndProtocolGetsItsOwnKeys() {
        Keymat k = Keymat.withoutPfs(prf, skeyidD, ni, nr);
        Secret esp = k.derive(3, spi, 32);
        assertFalse(esp.contentEquals(k.derive(3, Bytes.fromHex("c0ffee02"), 32)));
        assertFalse(esp.contentEquals(k.derive(2, spi, 32)));
    }

    @Test
    void pfsChangesTheKeys() {
        Secret plain = Keymat.withoutPfs(prf, skeyidD, ni, nr).derive(3, spi, 32);
        Keymat pfs = Keymat.withPfs(prf, skeyidD, Secret.of(new byte[] {9, 9}), ni, nr);
        assertFalse(plain.contentEquals(pfs.derive(3, spi, 32)));
        assertEquals("Keymat[Prf[hmac-sha256], pfs]", pfs.toString());
    }

    @Test
    void rejectsAProtocolThatIsNotOneOctetAndAnEmptyLength() {
        Keymat k = Keymat.withoutPfs(prf, skeyidD, ni, nr);
        assertThrows(IllegalArgumentException.class, () -> k.derive(256, spi, 16));
        assertThrows(IllegalArgumentException.class, () -> k.derive(3, spi, 0));
    }
}
