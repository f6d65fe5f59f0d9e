package org.ikd.core.ike;

import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.IsakmpHeader;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.error.IsakmpException;

/**
 * The initiator and responder cookies that name an ISAKMP SA (RFC 2408 §2.5.3, §3.1). The
 * responder cookie is 0 until the responder's first message (RFC 2408 §3.1).
 */
public record CookiePair(long initiator, long responder) {
    public CookiePair {
        if (initiator == 0) throw new IllegalArgumentException("the initiator cookie is never 0 (RFC 2408 §3.1)");
    }

    /** The cookies of a received header; RFC 2408 §5.2 step 2: a zero initiator cookie is INVALID-COOKIE. */
    public static CookiePair of(IsakmpHeader header) {
        long initiator = readLong(header.initiatorCookie(), 0);
        if (initiator == 0)
            throw new IsakmpException(NotifyType.INVALID_COOKIE, "found initiator cookie 0, expected a non-zero one");
        return new CookiePair(initiator, readLong(header.responderCookie(), 0));
    }

    /** The cookies at the start of one of ikd's own messages, or of 16 cookie octets (RFC 2408 §3.1: octets 0..15). */
    public static CookiePair of(Bytes header) {
        if (header.length() < 16)
            throw new IllegalArgumentException("message of " + header.length() + " bytes has no cookies (expected: >= 28)");
        return new CookiePair(readLong(header, 0), readLong(header, 8));
    }

    public boolean responderKnown() {
        return responder != 0;
    }

    public CookiePair withResponder(long cookie) {
        return new CookiePair(initiator, cookie);
    }

    public Bytes initiatorBytes() {
        return toBytes(initiator);
    }

    public Bytes responderBytes() {
        return toBytes(responder);
    }

    private static long readLong(Bytes b, int offset) {
        long v = 0;
        for (int i = 0; i < 8; i++) v = v << 8 | b.getUnsigned(offset + i);
        return v;
    }

    private static Bytes toBytes(long v) {
        byte[] out = new byte[8];
        for (int i = 7; i >= 0; i--, v >>>= 8) out[i] = (byte) v;
        return Bytes.of(out);
    }

    /** {@code 0011223344556677/8899aabbccddeeff}, the way strongSwan and Windows logs print them. */
    @Override
    public String toString() {
        return hex16(initiator) + "/" + hex16(responder);        // not String.format: once per Oakley line
    }

    private static String hex16(long v) {
        String h = Long.toHexString(v);                            // unsigned, like %x
        return h.length() == 16 ? h : "0".repeat(16 - h.length()) + h;
    }
}
