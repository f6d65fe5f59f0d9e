package org.ikd.core.crypto;

import java.security.SecureRandom;

/**
 * A Diffie-Hellman group by its Oakley number: MODP groups 1, 2, 5, 14-18 (RFC 2409 §6,
 * RFC 3526) and ECP groups 19-21 (RFC 5903). Immutable; the randomness comes from the caller.
 */
public sealed interface DhGroup permits ModpGroup, EcpGroup {
    static DhGroup of(DhGroupId id) {
        return id.isElliptic() ? new EcpGroup(id) : new ModpGroup(id);
    }

    DhGroupId id();

    /** Bytes of KE payload data. */
    default int publicValueLength() {
        return id().publicValueLength();
    }

    /** Bytes of g^xy: the prime's length (MODP) or the field's (ECP: the x coordinate). */
    int sharedSecretLength();

    /** A fresh private value and its public value. */
    DhPrivate generate(SecureRandom random);
}
