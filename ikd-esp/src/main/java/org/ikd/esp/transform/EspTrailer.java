package org.ikd.esp.transform;

/** RFC 4303 §2.4-2.6: padding (1, 2, 3, ...), Pad Length and Next Header; built and checked. */
final class EspTrailer {
    private EspTrailer() {}

    /** Writes padding and the two trailer bytes at {@code end} (right after the payload). */
    static void write(byte[] b, int end, int padLength, int nextHeader) {
        for (int i = 0; i < padLength; i++) b[end + i] = (byte) (i + 1);
        b[end + padLength] = (byte) padLength;
        b[end + padLength + 1] = (byte) nextHeader;
    }

    /**
     * Checks the trailer of {@code length} decrypted bytes at {@code off}; returns the payload
     * length or {@link EspTransform#DECRYPTION_FAILED}. RFC 4303 §2.4: the receiver SHOULD check
     * that the padding is 1, 2, 3, ...; wrong padding means a wrong key or a forged packet.
     */
    static int check(byte[] b, int off, int length) {
        if (length < 2) return EspTransform.DECRYPTION_FAILED;
        int padLength = b[off + length - 2] & 0xff;
        int payload = length - 2 - padLength;
        if (payload < 0) return EspTransform.DECRYPTION_FAILED;
        int bad = 0;
        for (int i = 0; i < padLength; i++) bad |= (b[off + payload + i] & 0xff) ^ (i + 1);
        return bad == 0 ? payload : EspTransform.DECRYPTION_FAILED;
    }

    /** Constant-time comparison of {@code n} bytes. */
    static boolean equal(byte[] a, int aOff, byte[] b, int bOff, int n) {
        int d = 0;
        for (int i = 0; i < n; i++) d |= a[aOff + i] ^ b[bOff + i];
        return d == 0;
    }
}
