package org.ikd.core.crypto;

import java.util.Optional;

/**
 * ESP transform identifiers (RFC 2407 §4.4.4, IANA "IPsec ESP Transform Identifiers"):
 * DES (RFC 2405), 3DES (RFC 2451), NULL (RFC 2410), AES-CBC (RFC 3602), AES-GCM with a
 * 16-octet ICV (RFC 4106 §8.1 assigns 20 to it in IKEv1).
 */
public enum EspCipher {
    DES_CBC(2, "des", 8, 8, 0, 0, new int[] {64}),
    TRIPLE_DES_CBC(3, "3des", 8, 8, 0, 0, new int[] {192}),
    NULL(11, "null", 1, 0, 0, 0, new int[] {0}),
    AES_CBC(12, "aes", 16, 16, 0, 0, new int[] {128, 192, 256}),
    AES_GCM_16(20, "aesgcm16", 4, 8, 16, 4, new int[] {128, 192, 256});

    private final int id;
    private final String keyword;
    private final int padBlock;
    private final int ivLength;
    private final int icvLength;
    private final int saltLength;
    private final int[] keyBits;

    EspCipher(int id, String keyword, int padBlock, int ivLength, int icvLength, int saltLength, int[] keyBits) {
        this.id = id;
        this.keyword = keyword;
        this.padBlock = padBlock;
        this.ivLength = ivLength;
        this.icvLength = icvLength;
        this.saltLength = saltLength;
        this.keyBits = keyBits;
    }

    public int id() { return id; }
    public String keyword() { return keyword; }
    /** The alignment the padding must reach (RFC 4303 §2.4: at least 4). */
    public int padBlock() { return Math.max(4, padBlock); }
    /** Bytes of IV on the wire after the sequence number. */
    public int ivLength() { return ivLength; }
    /** Combined-mode ICV length; 0 for ciphers that need a separate integrity algorithm. */
    public int icvLength() { return icvLength; }
    /** Bytes of KEYMAT after the key used as salt (RFC 4106 §8.1: 4). */
    public int saltLength() { return saltLength; }
    public boolean isAead() { return icvLength > 0; }
    public boolean variableKeyLength() { return keyBits.length > 1; }
    public int defaultKeyBits() { return keyBits[0]; }

    public boolean acceptsKeyBits(int bits) {
        for (int k : keyBits) if (k == bits) return true;
        return false;
    }

    /** strongSwan's proposal spelling with the key length: {@code aes128}, {@code aes256gcm16}, {@code 3des}. */
    public String keyword(int keyBits) {
        if (this == AES_CBC) return "aes" + keyBits;
        if (this == AES_GCM_16) return "aes" + keyBits + "gcm16";
        return keyword;
    }

    public static Optional<EspCipher> byId(int id) {
        for (EspCipher c : values()) if (c.id == id) return Optional.of(c);
        return Optional.empty();
    }
}
