package org.ikd.core.ike.auth;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.Optional;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.Jca;
import org.ikd.core.isakmp.doi.AuthMethod;

/**
 * How SIG_I/SIG_R are made for each Oakley authentication method:
 * <ul>
 * <li>RSA signatures (RFC 2409 §5.1): PKCS#1 v1.5 type 1 over the raw HASH_I/HASH_R;
 * <li>ECDSA (RFC 4754): HASH_I/HASH_R are computed with HMAC over the curve's hash (SHA-256, -384,
 *     -512) whatever hash the proposal negotiated, and are the digest ECDSA signs; the signature is
 *     r | s, each as wide as the curve's order (§7). This is what strongSwan does (its keymat_v1
 *     {@code prf_auth} and {@code SIGN_ECDSA_WITH_NULL}).
 * </ul>
 */
public enum SignatureScheme {
    RSA(AuthMethod.RSA_SIGNATURES, "rsa-sig", null, 0),
    ECDSA_256(AuthMethod.ECDSA_SHA256_P256, "ecdsa-256", HashAlgorithm.SHA2_256, 256),
    ECDSA_384(AuthMethod.ECDSA_SHA384_P384, "ecdsa-384", HashAlgorithm.SHA2_384, 384),
    ECDSA_521(AuthMethod.ECDSA_SHA512_P521, "ecdsa-521", HashAlgorithm.SHA2_512, 521);

    private final AuthMethod method;
    private final String keyword;
    private final HashAlgorithm hash;
    private final int curveBits;

    SignatureScheme(AuthMethod method, String keyword, HashAlgorithm hash, int curveBits) {
        this.method = method;
        this.keyword = keyword;
        this.hash = hash;
        this.curveBits = curveBits;
    }

    public AuthMethod authMethod() {
        return method;
    }

    /** The hash whose HMAC computes HASH_I/HASH_R under this method; empty: the negotiated one. */
    public Optional<HashAlgorithm> authenticationHash() {
        return Optional.ofNullable(hash);
    }

    /** For logs and summaries: {@code rsa-sig}, {@code ecdsa-256}. */
    public String keyword() {
        return keyword;
    }

    public static Optional<SignatureScheme> of(AuthMethod m) {
        for (SignatureScheme s : values()) if (s.method.equals(m)) return Optional.of(s);
        return Optional.empty();
    }

    /** The scheme a key signs with: RSA, or ECDSA on its curve (RFC 4754 §3); empty for other keys or curves. */
    public static Optional<SignatureScheme> forKey(java.security.Key key) {
        if (key instanceof RSAKey) return Optional.of(RSA);
        if (key instanceof ECKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            for (SignatureScheme s : values()) if (s.curveBits == bits) return Optional.of(s);
        }
        return Optional.empty();
    }

    public Bytes sign(PrivateKey key, Bytes hash) {
        try {
            Signature s = jca();
            s.initSign(key);
            s.update(hash.toArray());
            return Bytes.of(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(keyword + " signing failed: " + e.getMessage(), e);
        }
    }

    /** False for a wrong signature, a malformed one or a key of another type. */
    public boolean verify(PublicKey key, Bytes hash, Bytes signature) {
        if (forKey(key).orElse(null) != this) return false;
        try {
            Signature s = jca();
            s.initVerify(key);
            s.update(hash.toArray());
            return s.verify(signature.toArray());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private Signature jca() {
        return this == RSA ? Jca.rsaRawPkcs1() : Jca.ecdsaPrehashed();
    }
}
