package org.ikd.core.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import javax.crypto.interfaces.DHPublicKey;
import javax.crypto.spec.DHParameterSpec;
import javax.crypto.spec.DHPrivateKeySpec;
import javax.crypto.spec.DHPublicKeySpec;

/**
 * A MODP group (RFC 2409 §6, RFC 3526) on the JCA's "DH". The private exponent has twice the
 * bits of the group's strength (RFC 3526 §8, the larger estimate; at least 256).
 */
final class ModpGroup implements DhGroup {
    private final DhGroupId id;
    private final BigInteger p;
    private final DHParameterSpec params;

    ModpGroup(DhGroupId id) {
        this.id = id;
        this.p = ModpPrimes.prime(id);
        this.params = new DHParameterSpec(p, ModpPrimes.GENERATOR, exponentBits(id));
    }

    /** RFC 3526 §8, "Strength Estimate 2" exponent sizes; 256 bits for the small groups. */
    static int exponentBits(DhGroupId id) {
        return switch (id) {
            case MODP_2048 -> 320;
            case MODP_3072 -> 420;
            case MODP_4096 -> 480;
            case MODP_6144 -> 540;
            case MODP_8192 -> 620;
            default -> 256;
        };
    }

    @Override
    public DhGroupId id() {
        return id;
    }

    @Override
    public int sharedSecretLength() {
        return id.publicValueLength();
    }

    BigInteger prime() {
        return p;
    }

    @Override
    public DhPrivate generate(SecureRandom random) {
        try {
            KeyPairGenerator g = Jca.keyPairGenerator(id);
            g.initialize(params, random);
            KeyPair kp = g.generateKeyPair();
            return new Private(kp.getPrivate(), ((DHPublicKey) kp.getPublic()).getY());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JCA refused " + id.keyword(), e);
        }
    }

    /** Rebuilds a private value x from a test vector. */
    DhPrivate restore(Secret x) {
        BigInteger xv = x.apply(OctetString::toInteger);
        try {
            PrivateKey k = Jca.keyFactory(id).generatePrivate(new DHPrivateKeySpec(xv, p, ModpPrimes.GENERATOR));
            return new Private(k, ModpPrimes.GENERATOR.modPow(xv, p));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a " + id.keyword() + " private value", e);
        }
    }

    /** RFC 2409 §5: the value is padded to the prime's length; 1 < y < p-1 (y = 1, p-1 give g^xy = ±1). */
    BigInteger validate(Bytes peer) throws InvalidPublicValueException {
        if (peer.length() != id.publicValueLength()) {
            throw new InvalidPublicValueException(id,
                    "is " + peer.length() + " bytes (expected: " + id.publicValueLength() + ")");
        }
        BigInteger y = new BigInteger(1, peer.toArray());
        if (y.compareTo(BigInteger.ONE) <= 0 || y.compareTo(p.subtract(BigInteger.ONE)) >= 0) {
            throw new InvalidPublicValueException(id, "is out of range (expected: 1 < y < p-1)");
        }
        return y;
    }

    @Override
    public String toString() {
        return "DhGroup[" + id.keyword() + "]";
    }

    private final class Private extends JcaDhPrivate {
        Private(PrivateKey key, BigInteger y) {
            super(id, key, Bytes.of(OctetString.of(y, id.publicValueLength())));
        }

        @Override
        KeySpec peerKey(Bytes peerPublicValue) throws InvalidPublicValueException {
            return new DHPublicKeySpec(validate(peerPublicValue), p, ModpPrimes.GENERATOR);
        }

        @Override
        int sharedSecretLength() {
            return ModpGroup.this.sharedSecretLength();
        }
    }
}
