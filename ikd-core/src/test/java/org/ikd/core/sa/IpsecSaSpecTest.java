package org.ikd.core.sa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.crypto.Secret;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.junit.jupiter.api.Test;

class IpsecSaSpecTest {
    private static final String KEY_HEX = "00112233445566778899aabbccddeeff01020304";

    private static IpsecSaSpec esp(Direction d, EspCipher c, IntegrityAlgorithm i, Secret enc, Secret integ) throws Exception {
        InetAddress a = InetAddress.getByName("198.18.0.1");
        InetAddress b = InetAddress.getByName("198.18.0.2");
        return new IpsecSaSpec(new Spi(0xc1a2b3c4), IpsecProtocol.ESP, d, Mode.TUNNEL, c, 128, i, enc, integ, a, b,
                Selector.between(Subnet.parse("198.19.1.0/24"), Subnet.parse("198.19.2.0/24")),
                SaLifetime.of(3600, 100_000_000L, 90), null, false, 128);
    }

    @Test
    void neverShowsKeysInItsName() throws Exception {
        IpsecSaSpec s = esp(Direction.OUTBOUND, EspCipher.AES_GCM_16, null, Secret.fromHex(KEY_HEX), null);
        assertEquals("esp aes128gcm16 tunnel outbound 198.18.0.1 -> 198.18.0.2 spi c1a2b3c4", s.toString());
        assertFalse(s.toString().contains("0011"), s.toString());
        assertFalse(s.encryptionKey().toString().contains("0011"));
    }

    @Test
    void destroyingKeysZeroesThem() throws Exception {
        IpsecSaSpec s = esp(Direction.OUTBOUND, EspCipher.AES_GCM_16, null, Secret.fromHex(KEY_HEX), null);
        s.destroyKeys();
        assertTrue(s.encryptionKey().isDestroyed());
        assertThrows(IllegalStateException.class, () -> s.encryptionKey().reveal());
    }

    @Test
    void refusesSeparateIntegrityWithGcm() {
        assertThrows(IllegalArgumentException.class, () -> esp(Direction.INBOUND, EspCipher.AES_GCM_16,
                IntegrityAlgorithm.HMAC_SHA1_96, Secret.fromHex(KEY_HEX), Secret.fromHex(KEY_HEX)));
    }

    @Test
    void refusesReservedSpis() {
        assertThrows(IllegalArgumentException.class, () -> new Spi(0));
        assertThrows(IllegalArgumentException.class, () -> new Spi(255));
        assertEquals("ffffffff", new Spi(-1).toString());
    }

    @Test
    void aBundleIsEspInsideAh() throws Exception {
        IpsecSaSpec e = esp(Direction.INBOUND, EspCipher.AES_GCM_16, null, Secret.fromHex(KEY_HEX), null);
        assertThrows(IllegalArgumentException.class, () -> IpsecSaBundle.of(e, e));
        assertEquals(e, IpsecSaBundle.of(e).outermost());
    }

    @Test
    void softLifetimeIsAFractionOfTheHardOne() {
        SaLifetime l = SaLifetime.of(3600, 1000, 90);
        assertEquals(3240, l.softSeconds());
        assertEquals(900, l.softBytes());
        assertThrows(IllegalArgumentException.class, () -> new SaLifetime(10, 0, 20, 0));
    }
}
