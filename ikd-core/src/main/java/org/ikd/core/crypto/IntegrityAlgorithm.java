package org.ikd.core.crypto;

import java.util.Optional;

/**
 * IPsec DOI "Authentication Algorithm" attribute values (RFC 2407 §4.5, RFC 4868 §2.4 for
 * SHA-2), with the AH transform ID (RFC 2407 §4.4.3) that carries the same HMAC and the
 * truncated ICV length (RFC 2403, 2404, 4868).
 */
public enum IntegrityAlgorithm {
    HMAC_MD5_96(1, 2, "md5", HashAlgorithm.MD5, 16, 12),
    HMAC_SHA1_96(2, 3, "sha1", HashAlgorithm.SHA1, 20, 12),
    HMAC_SHA2_256_128(5, 5, "sha256", HashAlgorithm.SHA2_256, 32, 16),
    HMAC_SHA2_384_192(6, 6, "sha384", HashAlgorithm.SHA2_384, 48, 24),
    HMAC_SHA2_512_256(7, 7, "sha512", HashAlgorithm.SHA2_512, 64, 32);

    private final int id;
    private final int ahTransformId;
    private final String keyword;
    private final HashAlgorithm hash;
    private final int keyLength;
    private final int icvLength;

    IntegrityAlgorithm(int id, int ahTransformId, String keyword, HashAlgorithm hash, int keyLength, int icvLength) {
        this.id = id;
        this.ahTransformId = ahTransformId;
        this.keyword = keyword;
        this.hash = hash;
        this.keyLength = keyLength;
        this.icvLength = icvLength;
    }

    /** The Authentication Algorithm attribute value. */
    public int id() { return id; }
    /** The AH transform ID for the same algorithm. */
    public int ahTransformId() { return ahTransformId; }
    public String keyword() { return keyword; }
    public HashAlgorithm hash() { return hash; }
    public int keyLength() { return keyLength; }
    public int icvLength() { return icvLength; }

    public static Optional<IntegrityAlgorithm> byId(int id) {
        for (IntegrityAlgorithm a : values()) if (a.id == id) return Optional.of(a);
        return Optional.empty();
    }

    public static Optional<IntegrityAlgorithm> byAhTransformId(int id) {
        for (IntegrityAlgorithm a : values()) if (a.ahTransformId == id) return Optional.of(a);
        return Optional.empty();
    }
}
