package org.ikd.core.crypto;

import java.util.Optional;

/**
 * RFC 2409 Appendix A "Encryption Algorithm" (class 1) values used for the ISAKMP SA, with
 * AES-CBC from RFC 3602 §5. AES takes its key length from the Key Length attribute (class 14).
 */
public enum Phase1Cipher {
    DES_CBC(1, "des", 8, new int[] {64}),
    TRIPLE_DES_CBC(5, "3des", 8, new int[] {192}),
    AES_CBC(7, "aes", 16, new int[] {128, 192, 256});

    private final int id;
    private final String keyword;
    private final int blockSize;
    private final int[] keyBits;

    Phase1Cipher(int id, String keyword, int blockSize, int[] keyBits) {
        this.id = id;
        this.keyword = keyword;
        this.blockSize = blockSize;
        this.keyBits = keyBits;
    }

    public int id() { return id; }
    public String keyword() { return keyword; }
    public int blockSize() { return blockSize; }
    /** True when the Key Length attribute is required (variable-length ciphers, RFC 2409 App. A). */
    public boolean variableKeyLength() { return keyBits.length > 1; }
    public int defaultKeyBits() { return keyBits[0]; }

    public boolean acceptsKeyBits(int bits) {
        for (int k : keyBits) if (k == bits) return true;
        return false;
    }

    public static Optional<Phase1Cipher> byId(int id) {
        for (Phase1Cipher c : values()) if (c.id == id) return Optional.of(c);
        return Optional.empty();
    }
}
