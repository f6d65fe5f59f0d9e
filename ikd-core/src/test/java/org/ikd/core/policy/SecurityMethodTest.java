package org.ikd.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ikd.core.crypto.DhGroupId;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.crypto.Phase1Cipher;
import org.junit.jupiter.api.Test;

class SecurityMethodTest {
    @Test
    void namesMethodsTheWayStrongSwanSpellsProposals() {
        assertEquals("esp:aes128gcm16", new SecurityMethod(EspCipher.AES_GCM_16, 128, null, null, 3600, 0).toString());
        assertEquals("ah:sha1+esp:3des-sha1", new SecurityMethod(EspCipher.TRIPLE_DES_CBC, 192,
                IntegrityAlgorithm.HMAC_SHA1_96, IntegrityAlgorithm.HMAC_SHA1_96, 3600, 0).toString());
        assertEquals("aes128-sha256-modp2048",
                new MainModeMethod(Phase1Cipher.AES_CBC, 128, HashAlgorithm.SHA2_256, DhGroupId.MODP_2048).toString());
    }

    @Test
    void refusesIntegrityAlgorithmWithACombinedModeCipher() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SecurityMethod(
                EspCipher.AES_GCM_16, 128, IntegrityAlgorithm.HMAC_SHA1_96, null, 3600, 0));
        assertTrue(e.getMessage().contains("combined mode"), e.getMessage());
    }

    @Test
    void refusesUnauthenticatedEsp() {
        assertThrows(IllegalArgumentException.class, () -> new SecurityMethod(EspCipher.AES_CBC, 128, null, null, 3600, 0));
    }

    @Test
    void refusesKeyLengthsTheCipherDoesNotTake() {
        assertThrows(IllegalArgumentException.class,
                () -> new SecurityMethod(EspCipher.AES_CBC, 160, IntegrityAlgorithm.HMAC_SHA1_96, null, 3600, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new MainModeMethod(Phase1Cipher.TRIPLE_DES_CBC, 128, HashAlgorithm.SHA1, DhGroupId.MODP_1024));
    }
}
