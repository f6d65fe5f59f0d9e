package org.ikd.core.crypto;

import javax.security.auth.Destroyable;

/**
 * One side of a Diffie-Hellman exchange: our private value and the public value we send in
 * the KE payload. Used once per exchange, then destroyed. Not thread-safe.
 */
public interface DhPrivate extends Destroyable {
    DhGroupId group();

    /**
     * The KE payload data: a MODP value big-endian and zero-padded to the prime's length
     * (RFC 2409 §5), or x | y of an ECP point, each padded to the field length (RFC 5903 §7).
     */
    Bytes publicValue();

    /**
     * g^xy from the peer's KE payload data, after validating it: a MODP value zero-padded to
     * the prime's length, an ECP x coordinate padded to the field length (RFC 5903 §7).
     */
    Secret agree(Bytes peerPublicValue) throws InvalidPublicValueException;

    @Override
    void destroy();
}
