package org.ikd.esp.transform;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.Jca;
import org.ikd.esp.packet.NetworkOrder;

/**
 * AES-GCM with a 16-byte ICV in ESP (RFC 4106). Nonce = salt(4) | IV(8) (§4); the explicit IV is
 * the 64-bit sequence number, which RFC 4106 §3.1 allows ("a counter") and which never repeats
 * under one key because sequence numbers never wrap. AAD = SPI | Seq, or SPI | Seq-high |
 * Seq-low with ESN (§5). Encrypts and decrypts fully in place (SunJCE's GCM copies only when the
 * output lies right of the input).
 *
 * <p>Allocation: SunJCE's GCM has no re-init without a new {@link GCMParameterSpec} (it clones
 * the nonce) and builds fresh GCTR/GHASH state on every {@code init}; those few small objects
 * per packet are the JCA's, measured in docs/esp.md. Not thread-safe: one per SA per pump.
 */
public final class GcmEsp implements EspTransform {
    private static final int IV = 8;
    private static final int ICV = 16;
    private static final int SALT = 4;

    private final Cipher cipher = Jca.esp(EspCipher.AES_GCM_16);
    private final SecretKeySpec key;
    private final byte[] nonce = new byte[12];
    private final byte[] aad = new byte[12];
    private final boolean esn;
    private int nextHeader;

    /** {@code keyAndSalt}: KEYMAT order, the AES key (16, 24 or 32 bytes) then the 4-byte salt (RFC 4106 §8.1). */
    public GcmEsp(byte[] keyAndSalt, boolean esn) {
        int keyLength = keyAndSalt.length - SALT;
        if (keyLength != 16 && keyLength != 24 && keyLength != 32)
            throw new IllegalArgumentException("AES-GCM key+salt is " + keyAndSalt.length + " bytes (expected: 20, 28 or 36)");
        byte[] k = Arrays.copyOf(keyAndSalt, keyLength);
        this.key = Jca.key(EspCipher.AES_GCM_16, k);
        Arrays.fill(k, (byte) 0);
        System.arraycopy(keyAndSalt, keyLength, nonce, 0, SALT);
        this.esn = esn;
    }

    @Override public int ivLength() { return IV; }
    @Override public int icvLength() { return ICV; }
    @Override public int alignment() { return 4; }
    @Override public int shift() { return 0; }
    @Override public int nextHeader() { return nextHeader; }

    @Override
    public void writeIv(byte[] b, int esp, long sequence) {
        NetworkOrder.put64(b, esp + 8, sequence);
    }

    @Override
    public int seal(byte[] b, int esp, int payloadLength, int nextHeader, int sequenceHigh) {
        int p = esp + 16;
        int pad = EspTransform.padLength(payloadLength, 4);
        EspTrailer.write(b, p + payloadLength, pad, nextHeader);
        int length = payloadLength + pad + 2;
        try {
            init(Cipher.ENCRYPT_MODE, b, esp, sequenceHigh);
            return 16 + cipher.doFinal(b, p, length, b, p);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM refused a well-formed seal", e);   // a bug, not input
        }
    }

    @Override
    public int open(byte[] b, int esp, int espLength, int sequenceHigh) {
        int p = esp + 16;
        int ct = espLength - 16 - ICV;
        if (ct < 2) return DECRYPTION_FAILED;
        int n;
        try {
            init(Cipher.DECRYPT_MODE, b, esp, sequenceHigh);
            n = cipher.doFinal(b, p, ct + ICV, b, p);
        } catch (AEADBadTagException e) {
            return AUTHENTICATION_FAILED;
        } catch (GeneralSecurityException e) {
            return DECRYPTION_FAILED;
        }
        int payload = EspTrailer.check(b, p, n);
        if (payload >= 0) nextHeader = b[p + n - 1] & 0xff;
        return payload;
    }

    private void init(int mode, byte[] b, int esp, int sequenceHigh) throws GeneralSecurityException {
        System.arraycopy(b, esp + 8, nonce, SALT, IV);
        cipher.init(mode, key, new GCMParameterSpec(ICV * 8, nonce));
        if (esn) {                                   // RFC 4106 §5: SPI | Seq-high | Seq-low
            System.arraycopy(b, esp, aad, 0, 4);
            NetworkOrder.put32(aad, 4, sequenceHigh);
            System.arraycopy(b, esp + 4, aad, 8, 4);
            cipher.updateAAD(aad, 0, 12);
        } else {
            cipher.updateAAD(b, esp, 8);             // RFC 4106 §5: SPI | Seq
        }
    }
}
