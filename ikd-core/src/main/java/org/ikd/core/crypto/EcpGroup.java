package org.ikd.core.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;

/**
 * An ECP group (RFC 5903) on the JCA's "EC"/"ECDH". The KE data is x | y, each coordinate
 * padded to the field length, without the 0x04 prefix of SEC 1 (RFC 5903 §7); the shared
 * secret is the x coordinate of the common point, padded likewise. The NIST curves have
 * cofactor 1, so every point of the curve other than infinity is in the group.
 */
final class EcpGroup implements DhGroup {
    private final DhGroupId id;
    private final ECParameterSpec curve;
    private final BigInteger p;
    private final int fieldLength;

    EcpGroup(DhGroupId id) {
        this.id = id;
        this.curve = Jca.curve(id);
        this.p = ((ECFieldFp) curve.getCurve().getField()).getP();
        this.fieldLength = (curve.getCurve().getField().getFieldSize() + 7) / 8;
    }

    @Override
    public DhGroupId id() {
        return id;
    }

    @Override
    public int sharedSecretLength() {
        return fieldLength;
    }

    @Override
    public DhPrivate generate(SecureRandom random) {
        try {
            KeyPairGenerator g = Jca.keyPairGenerator(id);
            g.initialize(curve, random);
            KeyPair kp = g.generateKeyPair();
            return new Private(kp.getPrivate(), encode(((ECPublicKey) kp.getPublic()).getW()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JCA refused " + id.keyword(), e);
        }
    }

    /** Rebuilds a key pair from a test vector: the scalar and its public value x | y. */
    DhPrivate restore(Secret scalar, Bytes publicValue) throws InvalidPublicValueException {
        decode(publicValue);
        BigInteger s = scalar.apply(OctetString::toInteger);
        try {
            return new Private(Jca.keyFactory(id).generatePrivate(new ECPrivateKeySpec(s, curve)), publicValue);
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("not a " + id.keyword() + " private value", e);
        }
    }

    private Bytes encode(ECPoint w) {
        return Bytes.concat(Bytes.of(OctetString.of(w.getAffineX(), fieldLength)),
                Bytes.of(OctetString.of(w.getAffineY(), fieldLength)));
    }

    /** RFC 5903 §7 layout, then: both coordinates in the field, and y^2 = x^3 + ax + b (mod p). */
    ECPoint decode(Bytes value) throws InvalidPublicValueException {
        if (value.length() != 2 * fieldLength) {
            throw new InvalidPublicValueException(id,
                    "is " + value.length() + " bytes (expected: " + 2 * fieldLength + ", x | y)");
        }
        BigInteger x = new BigInteger(1, value.slice(0, fieldLength).toArray());
        BigInteger y = new BigInteger(1, value.slice(fieldLength, 2 * fieldLength).toArray());
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            throw new InvalidPublicValueException(id, "has a coordinate outside the field (expected: below p)");
        }
        BigInteger lhs = y.multiply(y).mod(p);
        BigInteger rhs = x.multiply(x).add(curve.getCurve().getA()).multiply(x).add(curve.getCurve().getB()).mod(p);
        if (!lhs.equals(rhs)) {
            throw new InvalidPublicValueException(id, "is not a point of the curve (expected: y^2 = x^3 + ax + b)");
        }
        return new ECPoint(x, y);          // (0, 0), the usual stand-in for infinity, is not on these curves
    }

    @Override
    public String toString() {
        return "DhGroup[" + id.keyword() + "]";
    }

    private final class Private extends JcaDhPrivate {
        Private(PrivateKey key, Bytes publicValue) {
            super(id, key, publicValue);
        }

        @Override
        KeySpec peerKey(Bytes peerPublicValue) throws InvalidPublicValueException {
            return new ECPublicKeySpec(decode(peerPublicValue), curve);
        }

        @Override
        int sharedSecretLength() {
            return fieldLength;
        }
    }
}
