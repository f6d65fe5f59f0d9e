package org.ikd.core.isakmp.doi;

import java.util.Map;

/**
 * "Domain of Interpretation" (RFC 2408 §2.1, §A.2), four bytes, with the IPsec DOI situation
 * bits (RFC 2407 §4.2).
 */
public final class Doi extends RegisteredNumber {
    public static final Doi ISAKMP = new Doi(0, "ISAKMP");
    public static final Doi IPSEC = new Doi(1, "IPSEC");

    /** RFC 2407 §4.2: SIT_IDENTITY_ONLY, the only situation ikd (and everyone else) uses. */
    public static final int SIT_IDENTITY_ONLY = 0x01;
    /** RFC 2407 §4.2: labeled secrecy; adds fields to the SA payload. */
    public static final int SIT_SECRECY = 0x02;
    /** RFC 2407 §4.2: labeled integrity; adds fields to the SA payload. */
    public static final int SIT_INTEGRITY = 0x04;

    private static final Map<Integer, Doi> KNOWN = index(ISAKMP, IPSEC);

    private Doi(int value, String name) {
        super(value, name, true);
    }

    private Doi(int value) {
        super(value, unknownName(value), false);
    }

    /** {@code value} holds the 32 bits of the unsigned wire value. */
    public static Doi valueOf(int value) {
        Doi known = KNOWN.get(value);
        return known != null ? known : new Doi(value);
    }
}
