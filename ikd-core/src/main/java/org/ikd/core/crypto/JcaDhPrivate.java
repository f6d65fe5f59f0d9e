package org.ikd.core.crypto;

import java.security.PrivateKey;
import java.security.spec.KeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;
import javax.security.auth.DestroyFailedException;

/**
 * A Diffie-Hellman private value held as a JCA key (MODP or ECP): the key agreement, the shared
 * secret as a fixed-length octet string (RFC 2409 §5 for MODP, RFC 5903 §7 for the ECP x
 * coordinate), and destruction. Subclasses validate the peer's value and build its key spec.
 */
abstract class JcaDhPrivate implements DhPrivate {
    private final DhGroupId id;
    private final Bytes publicValue;
    private PrivateKey key;

    JcaDhPrivate(DhGroupId id, PrivateKey key, Bytes publicValue) {
        this.id = id;
        this.key = key;
        this.publicValue = publicValue;
    }

    /** The peer's public value as a JCA key spec, once validated (RFC 2409 §5, RFC 5903 §7). */
    abstract KeySpec peerKey(Bytes peerPublicValue) throws InvalidPublicValueException;

    /** Octets of the shared secret: the prime's or the field's length. */
    abstract int sharedSecretLength();

    @Override
    public final DhGroupId group() {
        return id;
    }

    @Override
    public final Bytes publicValue() {
        return publicValue;
    }

    @Override
    public final Secret agree(Bytes peerPublicValue) throws InvalidPublicValueException {
        PrivateKey k = key;
        if (k == null) throw new IllegalStateException(id.keyword() + " private value was destroyed");
        KeySpec spec = peerKey(peerPublicValue);
        try {
            var peer = Jca.keyFactory(id).generatePublic(spec);
            KeyAgreement ka = Jca.keyAgreement(id);
            ka.init(k);
            ka.doPhase(peer, true);
            byte[] z = ka.generateSecret();
            Secret s = Secret.adopt(OctetString.of(OctetString.toInteger(z), sharedSecretLength()));
            Arrays.fill(z, (byte) 0);
            return s;
        } catch (java.security.InvalidKeyException | java.security.spec.InvalidKeySpecException e) {
            throw new InvalidPublicValueException(id, "was refused by the JCA: " + e.getMessage());
        }
    }

    @Override
    public final void destroy() {
        PrivateKey k = key;
        key = null;
        if (k != null) {
            try {
                k.destroy();
            } catch (DestroyFailedException e) {
                // The JDK's DH and EC keys cannot zero themselves; dropping the reference is all we can do.
            }
        }
    }

    @Override
    public final boolean isDestroyed() {
        return key == null;
    }

    @Override
    public final String toString() {
        return "DhPrivate[" + id.keyword() + (key == null ? ", destroyed]" : "]");
    }
}
