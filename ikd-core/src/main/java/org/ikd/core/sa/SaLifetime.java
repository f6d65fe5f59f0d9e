package org.ikd.core.sa;

/**
 * Hard and soft limits of an IPsec SA (RFC 4301 §4.4.2.1), in seconds and bytes; 0 means no limit.
 * The soft limits ask for a rekey; the hard limits remove the SA.
 */
public record SaLifetime(long hardSeconds, long hardBytes, long softSeconds, long softBytes) {
    public static final SaLifetime UNLIMITED = new SaLifetime(0, 0, 0, 0);

    public SaLifetime {
        if (hardSeconds < 0 || hardBytes < 0 || softSeconds < 0 || softBytes < 0)
            throw new IllegalArgumentException("negative lifetime");
        if (hardSeconds > 0 && softSeconds > hardSeconds || hardBytes > 0 && softBytes > hardBytes)
            throw new IllegalArgumentException("soft lifetime beyond hard lifetime: " + softSeconds + "s/" + softBytes
                    + "B > " + hardSeconds + "s/" + hardBytes + "B");
    }

    /** Hard limits as negotiated, soft limits at {@code softPercent} of them. */
    public static SaLifetime of(long hardSeconds, long hardBytes, int softPercent) {
        return new SaLifetime(hardSeconds, hardBytes, hardSeconds * softPercent / 100, hardBytes * softPercent / 100);
    }
}
