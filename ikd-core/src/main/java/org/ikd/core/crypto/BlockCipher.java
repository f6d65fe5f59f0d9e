package org.ikd.core.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;

/**
 * A phase-1 CBC cipher (RFC 2409 App. A class 1, AES from RFC 3602 §5) over whole blocks: the
 * ISAKMP layer pads (RFC 2409 App. B) and chains the IVs ({@code oakley.IvChain}).
 *
 * <p>DES and 3DES: the JCA ignores parity bits, and ikd does not check for weak keys; the
 * chance that the keys derived from SKEYID_e are weak is negligible (RFC 2409 App. B allows
 * an implementation to reject them, none is required to).
 *
 * <p>Not thread-safe: an instance owns one {@link Cipher}, re-initialised per call.
 */
public final class BlockCipher {
    private final Phase1Cipher cipher;
    private final int keyLength;
    private final Cipher jca;

    private BlockCipher(Phase1Cipher cipher, int keyBits) {
        this.cipher = cipher;
        this.keyLength = keyBits / 8;
        this.jca = Jca.cbc(cipher);
    }

    /** {@code keyBits} is the Key Length attribute for AES, the fixed length (64, 192) otherwise. */
    public static BlockCipher of(Phase1Cipher cipher, int keyBits) {
        if (!cipher.acceptsKeyBits(keyBits)) {
            throw new IllegalArgumentException(cipher.keyword() + " does not take a " + keyBits + "-bit key");
        }
        return new BlockCipher(cipher, keyBits);
    }

    /** With the default (or only) key length. */
    public static BlockCipher of(Phase1Cipher cipher) {
        return of(cipher, cipher.defaultKeyBits());
    }

    public Phase1Cipher cipher() {
        return cipher;
    }

    public int blockSize() {
        return cipher.blockSize();
    }

    /** Bytes of key. */
    public int keyLength() {
        return keyLength;
    }

    /** True if {@code length} is a whole, non-zero number of blocks. */
    public boolean isWholeBlocks(int length) {
        return length > 0 && length % blockSize() == 0;
    }

    public byte[] encrypt(Secret key, byte[] iv, byte[] data) {
        return run(Cipher.ENCRYPT_MODE, key, iv, data);
    }

    /** Decrypts whole blocks; the caller checks {@link #isWholeBlocks} on network input first. */
    public byte[] decrypt(Secret key, byte[] iv, byte[] data) {
        return run(Cipher.DECRYPT_MODE, key, iv, data);
    }

    /** The last block of a ciphertext: the next IV of a CBC chain (RFC 2409 App. B). */
    public byte[] lastBlock(byte[] ciphertext) {
        if (!isWholeBlocks(ciphertext.length)) {
            throw new IllegalArgumentException(lengthError("ciphertext", ciphertext.length));
        }
        return Arrays.copyOfRange(ciphertext, ciphertext.length - blockSize(), ciphertext.length);
    }

    private byte[] run(int mode, Secret key, byte[] iv, byte[] data) {
        if (key.length() != keyLength) {
            throw new IllegalArgumentException(
                    cipher.keyword() + " key is " + key.length() + " bytes (expected: " + keyLength + ")");
        }
        if (iv.length != blockSize()) {
            throw new IllegalArgumentException(
                    cipher.keyword() + " IV is " + iv.length + " bytes (expected: " + blockSize() + ")");
        }
        if (data.length % blockSize() != 0) {
            throw new IllegalArgumentException(lengthError("data", data.length));
        }
        try {
            key.apply(k -> {
                init(mode, k, iv);
                return null;
            });
            return jca.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(cipher.keyword() + "-cbc failed in the JCA", e);
        }
    }

    private void init(int mode, byte[] key, byte[] iv) {
        try {
            jca.init(mode, Jca.key(cipher, key), new IvParameterSpec(iv));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(cipher.keyword() + " key rejected by the JCA", e);
        }
    }

    private String lengthError(String what, int length) {
        return cipher.keyword() + " " + what + " is " + length + " bytes (expected: a multiple of "
                + blockSize() + ")";
    }

    @Override
    public String toString() {
        return "BlockCipher[" + cipher.keyword() + "-" + keyLength * 8 + "]";
    }
}
