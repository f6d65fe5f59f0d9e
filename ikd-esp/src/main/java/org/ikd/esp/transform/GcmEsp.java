package org.ikd.esp.transform;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.Jca;
import org.ikd.esp.packet.NetworkOrder;

/**
 * AES-GCM with a 16-byte ICV in ESP (RFC 4106). Nonce = salt(4) | IV(8) (§4); the explicit IV is
 * the 64-bit sequence number, which RFC 4106 §3.1 allows ("a counter") and which never repeats
 * under one key because sequence numbers never wrap. AAD = SPI | Seq, or SPI | Seq-high |
 * Seq-low with ESN (§5). Encrypts and decrypts fully in place.
 *
 * <p>GCM is built here from NIST SP 800-38D §7 around the JCA's raw AES block function (keyed
 * once per SA, so HotSpot's AES intrinsic does the block work) and {@link Ghash}, because SunJCE's
 * GCM cannot be re-initialised without a new {@code GCMParameterSpec} and builds a new engine,
 * GCTR and GHASH (about 1.1 KB) on every {@code init}. Nothing here allocates per packet. The
 * counter blocks J0, J0+1, ... are encrypted {@link #CHUNK} bytes at a time; the first keystream
 * block, E(K, J0), masks the tag (§7.1 step 6). Opening checks the tag before the plaintext is
 * used: a failed packet is decrypted in the pump's buffer but never delivered. Not thread-safe:
 * one per SA per pump.
 */
public final class GcmEsp implements EspTransform {
    private static final int IV = 8;
    private static final int ICV = 16;
    private static final int SALT = 4;
    private static final int CHUNK = 512;
    /** The keystream XOR, 8 bytes at a time in the machine's order (no byte swaps: XOR has no order). */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final Cipher aes = Jca.aesBlocks();
    private final Ghash ghash;
    private final byte[] counters = new byte[CHUNK];
    private final byte[] stream = new byte[CHUNK];
    private final byte[] mask = new byte[16];
    private final byte[] tag = new byte[16];
    private final byte[] aad = new byte[12];
    private final int salt;
    private final boolean esn;
    private long nonceHigh;
    private int nonceLow;
    private int nextHeader;

    /** {@code keyAndSalt}: KEYMAT order, the AES key (16, 24 or 32 bytes) then the 4-byte salt (RFC 4106 §8.1). */
    public GcmEsp(byte[] keyAndSalt, boolean esn) {
        this(keyAndSalt, esn, false);
    }

    /** {@code tables}: always {@link TableGhash}, so that tests check it whatever the JVM opens. */
    GcmEsp(byte[] keyAndSalt, boolean esn, boolean tables) {
        int keyLength = keyAndSalt.length - SALT;
        if (keyLength != 16 && keyLength != 24 && keyLength != 32)
            throw new IllegalArgumentException("AES-GCM key+salt is " + keyAndSalt.length + " bytes (expected: 20, 28 or 36)");
        byte[] k = Arrays.copyOf(keyAndSalt, keyLength);
        byte[] h = new byte[16];
        try {
            aes.init(Cipher.ENCRYPT_MODE, Jca.key(EspCipher.AES_GCM_16, k));
            aes.doFinal(h, 0, 16, h, 0);            // §6.4: the hash subkey H = E(K, 0^128)
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("AES rejected the key: " + e.getMessage(), e);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
        this.ghash = tables ? new TableGhash(h, 0) : Ghash.of(h);
        Arrays.fill(h, (byte) 0);
        this.salt = NetworkOrder.i32(keyAndSalt, keyLength);
        this.esn = esn;
    }

    /**
     * False when GHASH runs in plain Java ({@link TableGhash}, ~25 times slower) because the JVM
     * was started without {@code --add-opens=java.base/com.sun.crypto.provider=ALL-UNNAMED}.
     */
    public static boolean ghashIntrinsic() {
        return JdkGhash.AVAILABLE;
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
        nonce(b, esp);
        counterMode(b, p, length);
        authenticate(b, esp, p, length, sequenceHigh, b, p + length);
        return 16 + length + ICV;
    }

    @Override
    public int open(byte[] b, int esp, int espLength, int sequenceHigh) {
        int p = esp + 16;
        int ct = espLength - 16 - ICV;
        if (ct < 2) return DECRYPTION_FAILED;
        nonce(b, esp);
        ghash.reset();
        hashAad(b, esp, sequenceHigh);
        ghash.update(b, p, ct);
        ghash.finish(esn ? 12 : 8, ct, tag, 0);
        counterMode(b, p, ct);                      // also leaves E(K, J0) in mask
        for (int i = 0; i < 16; i++) tag[i] ^= mask[i];
        if (!EspTrailer.equal(tag, 0, b, p + ct, ICV)) return AUTHENTICATION_FAILED;
        int payload = EspTrailer.check(b, p, ct);
        if (payload >= 0) nextHeader = b[p + ct - 1] & 0xff;
        return payload;
    }

    /** RFC 4106 §4: salt | explicit IV, read from the packet. */
    private void nonce(byte[] b, int esp) {
        nonceHigh = ((long) salt << 32) | (NetworkOrder.i32(b, esp + 8) & 0xffffffffL);
        nonceLow = NetworkOrder.i32(b, esp + 12);
    }

    /** Tag = E(K, J0) ^ GHASH(A, C) (§7.1 steps 5-6), written at {@code out}; {@link #mask} must hold E(K, J0). */
    private void authenticate(byte[] b, int esp, int p, int length, int sequenceHigh, byte[] out, int outOff) {
        ghash.reset();
        hashAad(b, esp, sequenceHigh);
        ghash.update(b, p, length);
        ghash.finish(esn ? 12 : 8, length, out, outOff);
        for (int i = 0; i < 16; i++) out[outOff + i] ^= mask[i];
    }

    private void hashAad(byte[] b, int esp, int sequenceHigh) {
        if (esn) {                                  // RFC 4106 §5: SPI | Seq-high | Seq-low
            System.arraycopy(b, esp, aad, 0, 4);
            NetworkOrder.put32(aad, 4, sequenceHigh);
            System.arraycopy(b, esp + 4, aad, 8, 4);
            ghash.update(aad, 0, 12);
        } else {
            ghash.update(b, esp, 8);                // RFC 4106 §5: SPI | Seq
        }
    }

    /**
     * GCTR (§6.5) over {@code length} bytes at {@code off} with the counter blocks J0+1, J0+2, ...
     * (J0 = nonce | 1 for a 96-bit nonce, §7.1 step 2); E(K, J0) itself goes to {@link #mask}.
     */
    private void counterMode(byte[] b, int off, int length) {
        int counter = 1;
        for (int at = -16; at < length; ) {         // at: the data offset of stream[0]
            int bytes = Math.min(length - at, CHUNK);
            int blocks = (bytes + 15) >>> 4;
            for (int i = 0; i < blocks; i++) {
                NetworkOrder.put64(counters, i << 4, nonceHigh);
                NetworkOrder.put32(counters, (i << 4) + 8, nonceLow);
                NetworkOrder.put32(counters, (i << 4) + 12, counter++);
            }
            encrypt(blocks << 4);
            int from = Math.max(at, 0);
            if (at < 0) System.arraycopy(stream, 0, mask, 0, 16);
            int i = from;
            int end = at + bytes;
            for (; i + 8 <= end; i += 8)
                LONGS.set(b, off + i, (long) LONGS.get(b, off + i) ^ (long) LONGS.get(stream, i - at));
            for (; i < end; i++) b[off + i] ^= stream[i - at];
            at += bytes;
        }
    }

    private void encrypt(int bytes) {
        try {
            aes.update(counters, 0, bytes, stream, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES refused whole blocks", e);   // a bug, not input
        }
    }
}
