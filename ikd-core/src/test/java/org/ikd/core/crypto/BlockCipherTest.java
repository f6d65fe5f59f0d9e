package org.ikd.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BlockCipherTest {
    /** RFC 3602 §4, SP 800-38A F.2, FIPS 81, SP 800-67, CAVP TCBCMMT3 (vectors/rfc/cbc.txt). */
    static List<VectorFile.Record> cbcVectors() {
        return VectorFile.load("vectors/rfc/cbc.txt");
    }

    private static BlockCipher cipherOf(VectorFile.Record v) {
        Phase1Cipher c = switch (v.text("cipher")) {
            case "aes" -> Phase1Cipher.AES_CBC;
            case "3des" -> Phase1Cipher.TRIPLE_DES_CBC;
            case "des" -> Phase1Cipher.DES_CBC;
            default -> throw new IllegalArgumentException(v.text("cipher"));
        };
        return BlockCipher.of(c, v.integer("key_bits"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cbcVectors")
    void encryptsTheKnownAnswer(VectorFile.Record v) {
        byte[] out = cipherOf(v).encrypt(v.secret("key"), v.array("iv"), v.array("plaintext"));
        assertArrayEquals(v.array("ciphertext"), out);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cbcVectors")
    void decryptsTheKnownAnswer(VectorFile.Record v) {
        byte[] out = cipherOf(v).decrypt(v.secret("key"), v.array("iv"), v.array("ciphertext"));
        assertArrayEquals(v.array("plaintext"), out);
    }

    @Test
    void knowsBlockAndKeyLengths() {
        assertEquals(8, BlockCipher.of(Phase1Cipher.DES_CBC).blockSize());
        assertEquals(8, BlockCipher.of(Phase1Cipher.DES_CBC).keyLength());
        assertEquals(24, BlockCipher.of(Phase1Cipher.TRIPLE_DES_CBC).keyLength());
        assertEquals(16, BlockCipher.of(Phase1Cipher.AES_CBC, 128).blockSize());
        assertEquals(32, BlockCipher.of(Phase1Cipher.AES_CBC, 256).keyLength());
    }

    @Test
    void rejectsAKeyLengthTheCipherDoesNotTake() {
        assertThrows(IllegalArgumentException.class, () -> BlockCipher.of(Phase1Cipher.AES_CBC, 160));
        assertThrows(IllegalArgumentException.class, () -> BlockCipher.of(Phase1Cipher.TRIPLE_DES_CBC, 128));
    }

    @Test
    void rejectsAKeyOfTheWrongSize() {
        BlockCipher aes = BlockCipher.of(Phase1Cipher.AES_CBC, 256);
        var e = assertThrows(IllegalArgumentException.class,
                () -> aes.encrypt(Secret.of(new byte[16]), new byte[16], new byte[16]));
        assertTrue(e.getMessage().contains("16 bytes (expected: 32)"), e.getMessage());
    }

    @Test
    void rejectsAnIvOfTheWrongSize() {
        BlockCipher des3 = BlockCipher.of(Phase1Cipher.TRIPLE_DES_CBC);
        assertThrows(IllegalArgumentException.class,
                () -> des3.decrypt(Secret.of(new byte[24]), new byte[16], new byte[8]));
    }

    @Test
    void rejectsDataThatIsNotWholeBlocks() {
        BlockCipher aes = BlockCipher.of(Phase1Cipher.AES_CBC, 128);
        var e = assertThrows(IllegalArgumentException.class,
                () -> aes.decrypt(Secret.of(new byte[16]), new byte[16], new byte[17]));
        assertTrue(e.getMessage().contains("multiple of 16"), e.getMessage());
        assertFalse(aes.isWholeBlocks(17));
        assertFalse(aes.isWholeBlocks(0));
        assertTrue(aes.isWholeBlocks(32));
    }

    @Test
    void givesTheLastCiphertextBlockForTheNextIv() {
        // RFC 3602 §4 case #2: the second ciphertext block.
        BlockCipher aes = BlockCipher.of(Phase1Cipher.AES_CBC, 128);
        byte[] ct = Bytes.fromHex("d296cd94c2cccf8a3a863028b5e1dc0a 7586602d253cfff91b8266bea6d61ab1").toArray();
        assertArrayEquals(Bytes.fromHex("7586602d253cfff91b8266bea6d61ab1").toArray(), aes.lastBlock(ct));
    }
}
