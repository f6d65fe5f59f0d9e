package org.ikd.core.crypto;

import java.util.Optional;

/**
 * Oakley "Group Description" values (RFC 2409 §6, RFC 3526, RFC 5903): MODP and ECP groups
 * that ikd implements. The group math lives in {@link DhGroup}.
 */
public enum DhGroupId {
    MODP_768(1, "modp768", 96),
    MODP_1024(2, "modp1024", 128),
    MODP_1536(5, "modp1536", 192),
    MODP_2048(14, "modp2048", 256),
    MODP_3072(15, "modp3072", 384),
    MODP_4096(16, "modp4096", 512),
    MODP_6144(17, "modp6144", 768),
    MODP_8192(18, "modp8192", 1024),
    ECP_256(19, "ecp256", 64),
    ECP_384(20, "ecp384", 96),
    ECP_521(21, "ecp521", 132);

    private final int id;
    private final String keyword;
    private final int publicValueLength;

    DhGroupId(int id, String keyword, int publicValueLength) {
        this.id = id;
        this.keyword = keyword;
        this.publicValueLength = publicValueLength;
    }

    public int id() { return id; }
    public String keyword() { return keyword; }
    /** Length of the KE payload data: the MODP value padded to the prime's length, or x|y (RFC 5903 §7). */
    public int publicValueLength() { return publicValueLength; }
    public boolean isElliptic() { return id >= 19; }

    public static Optional<DhGroupId> byId(int id) {
        for (DhGroupId g : values()) if (g.id == id) return Optional.of(g);
        return Optional.empty();
    }

    public static Optional<DhGroupId> byKeyword(String keyword) {
        for (DhGroupId g : values()) if (g.keyword.equalsIgnoreCase(keyword)) return Optional.of(g);
        return Optional.empty();
    }
}
