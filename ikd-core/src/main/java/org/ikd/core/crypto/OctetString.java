package org.ikd.core.crypto;

import java.math.BigInteger;

/** Fixed-length big-endian integers, as KE payloads and shared secrets carry them (RFC 8017 §4.1: I2OSP). */
final class OctetString {
    private OctetString() {}

    /** {@code value} (non-negative, below 256^length) as exactly {@code length} bytes, zero-padded on the left. */
    static byte[] of(BigInteger value, int length) {
        byte[] raw = value.toByteArray();                  // may carry one leading sign byte
        int skip = raw.length > length ? raw.length - length : 0;
        for (int i = 0; i < skip; i++) {
            if (raw[i] != 0) throw new IllegalArgumentException("integer does not fit in " + length + " bytes");
        }
        byte[] out = new byte[length];
        System.arraycopy(raw, skip, out, length - (raw.length - skip), raw.length - skip);
        java.util.Arrays.fill(raw, (byte) 0);
        return out;
    }

    /** The unsigned big-endian integer in {@code bytes}. */
    static BigInteger toInteger(byte[] bytes) {
        return new BigInteger(1, bytes);
    }
}
