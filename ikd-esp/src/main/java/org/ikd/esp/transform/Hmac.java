package org.ikd.esp.transform;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.Jca;

/**
 * RFC 2104 HMAC over a JCA {@link MessageDigest}: H(K ^ opad | H(K ^ ipad | text)). Written out
 * because {@code javax.crypto.Mac.doFinal(byte[], int)} allocates the digest on every call, while
 * {@code MessageDigest.digest(byte[], int, int)} writes into ours. The digest does the same work
 * as SunJCE's HmacCore (which also re-hashes both pads per message). Not thread-safe.
 */
public final class Hmac {
    private static final byte IPAD = 0x36;
    private static final byte OPAD = 0x5c;

    private final MessageDigest md;
    private final byte[] ipad;
    private final byte[] opad;
    private final byte[] inner;
    private final int length;

    public Hmac(HashAlgorithm hash, byte[] key) {
        this.md = Jca.digest(hash);
        this.length = hash.outputLength();
        int block = hash.blockLength();
        byte[] k = key.length > block ? md.digest(key) : key;     // RFC 2104 §2: long keys are hashed
        this.ipad = new byte[block];
        this.opad = new byte[block];
        for (int i = 0; i < block; i++) {
            byte kb = i < k.length ? k[i] : 0;
            ipad[i] = (byte) (kb ^ IPAD);
            opad[i] = (byte) (kb ^ OPAD);
        }
        if (k != key) Arrays.fill(k, (byte) 0);
        this.inner = new byte[length];
    }

    /** The full (untruncated) output length. */
    public int length() {
        return length;
    }

    public void start() {
        md.reset();
        md.update(ipad);
    }

    public void update(byte[] b, int off, int len) {
        md.update(b, off, len);
    }

    /** Writes the full MAC ({@link #length()} bytes) at {@code out[off]}. */
    public void finish(byte[] out, int off) {
        try {
            md.digest(inner, 0, length);
            md.update(opad);
            md.update(inner);
            md.digest(out, off, length);
        } catch (DigestException e) {
            throw new IllegalStateException("digest output buffer too small", e);   // a bug, not input
        }
    }

    /** Zeroes the key-derived pads. */
    public void destroy() {
        Arrays.fill(ipad, (byte) 0);
        Arrays.fill(opad, (byte) 0);
        Arrays.fill(inner, (byte) 0);
    }
}
