package org.ikd.core.isakmp.doi;

/**
 * How a data attribute class may be encoded (RFC 2408 §3.3 AF bit; RFC 2409 App. A and
 * RFC 2407 §4.5 mark each class B(asic) or V(ariable)).
 */
public enum AttributeForm {
    /** "B": Type/Value only (AF = 1), a 2-byte value. */
    BASIC,
    /**
     * "V" holding a number (life durations): TV when it fits in 2 bytes, else TLV of 1..8 bytes
     * below 2^63 (strongSwan sends TV, 4 or 8 bytes).
     */
    NUMBER,
    /** "V" holding bytes (group prime, curve parameters), or a class ikd does not know: no constraint. */
    OCTETS
}
