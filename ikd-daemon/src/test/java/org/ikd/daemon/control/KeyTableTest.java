package org.ikd.daemon.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.InetAddress;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.crypto.Secret;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.ikd.core.sa.Direction;
import org.ikd.core.sa.IpsecProtocol;
import org.ikd.core.sa.IpsecSaSpec;
import org.ikd.core.sa.Mode;
import org.ikd.core.sa.SaLifetime;
import org.ikd.core.sa.Spi;
import org.junit.jupiter.api.Test;

/** Wireshark's names come from epan/dissectors/packet-ipsec.c (esp_encryption_type_vals, esp_authentication_type_vals). */
class KeyTableTest {
    private static IpsecSaSpec sa(EspCipher cipher, int bits, IntegrityAlgorithm integrity, String encKey, String intKey)
            throws Exception {
        return new IpsecSaSpec(new Spi(0xc1a2b3c4), IpsecProtocol.ESP, Direction.OUTBOUND, Mode.TRANSPORT, cipher, bits,
                integrity, encKey == null ? null : Secret.fromHex(encKey), intKey == null ? null : Secret.fromHex(intKey),
                InetAddress.getByName("198.18.0.1"), InetAddress.getByName("198.18.0.2"),
                Selector.between(Subnet.parse("198.18.0.1"), Subnet.parse("198.18.0.2")), SaLifetime.UNLIMITED, null, false, 64);
    }

    @Test
    void namesAesCbcWithHmacSha1AsWiresharkDoes() throws Exception {
        KeyTable.EspKey k = KeyTable.EspKey.from(sa(EspCipher.AES_CBC, 128, IntegrityAlgorithm.HMAC_SHA1_96,
                "000102030405060708090a0b0c0d0e0f", "101112131415161718191a1b1c1d1e1f20212223"));
        assertEquals(new KeyTable.EspKey("IPv4", "198.18.0.1", "198.18.0.2", "0xc1a2b3c4", "AES-CBC [RFC3602]",
                "000102030405060708090a0b0c0d0e0f", "HMAC-SHA-1-96 [RFC2404]", "101112131415161718191a1b1c1d1e1f20212223"), k);
    }

    @Test
    void namesGcmWithItsIcvAndNoSeparateAuthentication() throws Exception {
        KeyTable.EspKey k = KeyTable.EspKey.from(sa(EspCipher.AES_GCM_16, 128, null,
                "000102030405060708090a0b0c0d0e0f10111213", null));
        assertEquals("AES-GCM with 16 octet ICV [RFC4106]", k.encryption());
        assertEquals("000102030405060708090a0b0c0d0e0f10111213", k.encryptionKey(), "key then 4-byte salt");
        assertEquals("NULL", k.authentication());
        assertEquals("", k.authenticationKey());
    }

    @Test
    void namesTheOtherAlgorithmsAsWiresharkDoes() {
        assertEquals("TripleDES-CBC [RFC2451]", KeyTable.EspKey.encryptionName(EspCipher.TRIPLE_DES_CBC));
        assertEquals("DES-CBC [RFC2405]", KeyTable.EspKey.encryptionName(EspCipher.DES_CBC));
        assertEquals("NULL", KeyTable.EspKey.encryptionName(EspCipher.NULL));
        assertEquals("HMAC-MD5-96 [RFC2403]", KeyTable.EspKey.authenticationName(IntegrityAlgorithm.HMAC_MD5_96));
        assertEquals("HMAC-SHA-256-128 [RFC4868]", KeyTable.EspKey.authenticationName(IntegrityAlgorithm.HMAC_SHA2_256_128));
        assertEquals("HMAC-SHA-384-192 [RFC4868]", KeyTable.EspKey.authenticationName(IntegrityAlgorithm.HMAC_SHA2_384_192));
        assertEquals("HMAC-SHA-512-256 [RFC4868]", KeyTable.EspKey.authenticationName(IntegrityAlgorithm.HMAC_SHA2_512_256));
    }

    @Test
    void neverPrintsKeysInToString() {
        KeyTable t = Fixtures.keys();
        String s = t.toString();
        assertFalse(s.contains("00112233445566778899aabbccddeeff"), s);
        assertFalse(s.contains("000102030405060708090a0b0c0d0e0f"), s);
        assertFalse(s.contains("101112131415161718191a1b1c1d1e1f"), s);
    }
}
