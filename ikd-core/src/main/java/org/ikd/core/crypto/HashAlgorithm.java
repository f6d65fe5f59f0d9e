package org.ikd.core.crypto;

import java.util.Optional;

/** RFC 2409 Appendix A "Hash Algorithm" (class 2) values, with RFC 4868 §6 SHA-2 numbers. */
public enum HashAlgorithm {
    MD5(1, "md5", 16, 64),
    SHA1(2, "sha1", 20, 64),
    SHA2_256(4, "sha256", 32, 64),
    SHA2_384(5, "sha384", 48, 128),
    SHA2_512(6, "sha512", 64, 128);

    private final int id;
    private final String keyword;
    private final int outputLength;
    private final int blockLength;

    HashAlgorithm(int id, String keyword, int outputLength, int blockLength) {
        this.id = id;
        this.keyword = keyword;
        this.outputLength = outputLength;
        this.blockLength = blockLength;
    }

    /** The Oakley attribute value. */
    public int id() { return id; }
    /** The name admins write and logs print (strongSwan's spelling). */
    public String keyword() { return keyword; }
    public int outputLength() { return outputLength; }
    public int blockLength() { return blockLength; }

    public static Optional<HashAlgorithm> byId(int id) {
        for (HashAlgorithm h : values()) if (h.id == id) return Optional.of(h);
        return Optional.empty();
    }

    public static Optional<HashAlgorithm> byKeyword(String keyword) {
        for (HashAlgorithm h : values()) if (h.keyword.equalsIgnoreCase(keyword)) return Optional.of(h);
        return Optional.empty();
    }
}
