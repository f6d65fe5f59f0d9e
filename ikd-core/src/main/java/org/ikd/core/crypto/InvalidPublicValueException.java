package org.ikd.core.crypto;

/**
 * A peer's Diffie-Hellman public value is unusable: wrong length, out of range (MODP), or not
 * a point of the curve (ECP). The IKE engine answers it with INVALID-KEY-INFORMATION or
 * PAYLOAD-MALFORMED; the message names what was found and what was expected.
 */
public final class InvalidPublicValueException extends Exception {
    private final DhGroupId group;

    public InvalidPublicValueException(DhGroupId group, String detail) {
        super(group.keyword() + " public value " + detail);
        this.group = group;
    }

    public DhGroupId group() {
        return group;
    }
}
