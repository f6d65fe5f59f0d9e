package org.ikd.core.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.function.Function;
import javax.security.auth.Destroyable;

/**
 * Key material: a PSK, SKEYID, KEYMAT, a DH private value. Its {@code toString} never shows the
 * bytes; {@link #destroy()} zeroes them, and any later use throws {@link IllegalStateException}.
 * Only {@link #revealHex()} shows them, for the explicit debug switches that print keys.
 */
public final class Secret implements Destroyable {
    private final byte[] value;
    private volatile boolean destroyed;

    private Secret(byte[] value) {
        this.value = value;
    }

    /** Copies {@code value}; the caller should zero its own copy. */
    public static Secret of(byte[] value) {
        return new Secret(value.clone());
    }

    /** Takes ownership of {@code value} without copying: the caller must not keep it. */
    public static Secret adopt(byte[] value) {
        return new Secret(value);
    }

    public static Secret fromHex(String hex) {
        return adopt(Bytes.fromHex(hex).toArray());
    }

    public int length() {
        return value.length;
    }

    /** A copy of the key bytes; the caller zeroes it when done. */
    public byte[] reveal() {
        checkAlive();
        return value.clone();
    }

    /** Runs {@code f} on the key bytes without copying; {@code f} must neither keep nor change them. */
    public <T> T apply(Function<byte[], T> f) {
        checkAlive();
        return f.apply(value);
    }

    /** A new secret made of {@code length} bytes from {@code offset}. */
    public Secret slice(int offset, int length) {
        checkAlive();
        return adopt(Arrays.copyOfRange(value, offset, offset + length));
    }

    /** Hex of the key: only for debug switches that say loudly that they print keys. */
    public String revealHex() {
        checkAlive();
        return java.util.HexFormat.of().formatHex(value);
    }

    /** Constant-time comparison. */
    public boolean contentEquals(Secret other) {
        checkAlive();
        return other.apply(o -> MessageDigest.isEqual(value, o));
    }

    @Override
    public void destroy() {
        Arrays.fill(value, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    private void checkAlive() {
        if (destroyed) throw new IllegalStateException("secret was destroyed");
    }

    @Override
    public String toString() {
        return destroyed ? "Secret[destroyed]" : "Secret[" + value.length + " bytes]";
    }
}
