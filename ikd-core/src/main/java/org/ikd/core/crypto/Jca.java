package org.ikd.core.crypto;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one class that names JCA algorithms. Everything else asks for a primitive by its
 * IANA/RFC 2409 number. The JDK's SunJCE provider is used (it has AES-NI and GHASH intrinsics);
 * BouncyCastle only fills gaps.
 *
 * <p>JCA objects are not thread-safe: callers keep one per thread (or per SA per pump) and
 * re-{@code init} it, which is much cheaper than a new instance per packet (PLATFORM.md).
 */
public final class Jca {
    private Jca() {}

    public static Mac hmac(HashAlgorithm h) {
        return mac(hmacName(h));
    }

    public static Mac hmac(HashAlgorithm h, byte[] key) {
        Mac m = hmac(h);
        try {
            m.init(new SecretKeySpec(key, hmacName(h)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC key rejected by the JCA", e);
        }
        return m;
    }

    /** A Mac for an IPsec integrity algorithm (the caller truncates to {@code icvLength()}). */
    public static Mac integrity(IntegrityAlgorithm a) {
        return hmac(a.hash());
    }

    public static SecretKeySpec hmacKey(HashAlgorithm h, byte[] key) {
        return new SecretKeySpec(key, hmacName(h));
    }

    public static MessageDigest digest(HashAlgorithm h) {
        try {
            return MessageDigest.getInstance(switch (h) {
                case MD5 -> "MD5";
                case SHA1 -> "SHA-1";
                case SHA2_256 -> "SHA-256";
                case SHA2_384 -> "SHA-384";
                case SHA2_512 -> "SHA-512";
            });
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + h, e);
        }
    }

    /** A raw CBC cipher (no padding: ISAKMP and ESP pad themselves). */
    public static Cipher cbc(Phase1Cipher c) {
        return cipher(switch (c) {
            case DES_CBC -> "DES/CBC/NoPadding";
            case TRIPLE_DES_CBC -> "DESede/CBC/NoPadding";
            case AES_CBC -> "AES/CBC/NoPadding";
        });
    }

    public static SecretKeySpec key(Phase1Cipher c, byte[] key) {
        return new SecretKeySpec(key, keyAlgorithm(c));
    }

    /** The ESP cipher; {@code null} for NULL encryption (RFC 2410). */
    public static Cipher esp(EspCipher c) {
        return switch (c) {
            case DES_CBC -> cipher("DES/CBC/NoPadding");
            case TRIPLE_DES_CBC -> cipher("DESede/CBC/NoPadding");
            case AES_CBC -> cipher("AES/CBC/NoPadding");
            case AES_GCM_16 -> cipher("AES/GCM/NoPadding");
            case NULL -> null;
        };
    }

    /**
     * The raw AES block function (ECB, no padding): ESP's AES-GCM builds its counter mode and
     * GHASH around it, because SunJCE's GCM allocates on every {@code init} (ikd-esp GcmEsp).
     */
    public static Cipher aesBlocks() {
        return cipher("AES/ECB/NoPadding");
    }

    public static SecretKeySpec key(EspCipher c, byte[] key) {
        return new SecretKeySpec(key, switch (c) {
            case DES_CBC -> "DES";
            case TRIPLE_DES_CBC -> "DESede";
            case AES_CBC, AES_GCM_16 -> "AES";
            case NULL -> "NULL";
        });
    }

    /** "DH" for MODP groups, "EC" for ECP groups: key pair generation. */
    public static KeyPairGenerator keyPairGenerator(DhGroupId g) {
        try {
            return KeyPairGenerator.getInstance(g.isElliptic() ? "EC" : "DH");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks key generation for " + g, e);
        }
    }

    /** Turns key specs (public values, test-vector private values) into keys. */
    public static KeyFactory keyFactory(DhGroupId g) {
        try {
            return KeyFactory.getInstance(g.isElliptic() ? "EC" : "DH");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks a key factory for " + g, e);
        }
    }

    /** "DH" or "ECDH" (whose secret is the x coordinate, RFC 5903 §7). */
    public static KeyAgreement keyAgreement(DhGroupId g) {
        try {
            return KeyAgreement.getInstance(g.isElliptic() ? "ECDH" : "DH");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks key agreement for " + g, e);
        }
    }

    /** The NIST curve of an ECP group (RFC 5903 §3: P-256, P-384, P-521). */
    public static ECParameterSpec curve(DhGroupId g) {
        String name = switch (g) {
            case ECP_256 -> "secp256r1";
            case ECP_384 -> "secp384r1";
            case ECP_521 -> "secp521r1";
            default -> throw new IllegalArgumentException(g + " is not an ECP group");
        };
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec(name));
            return p.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks the curve " + name, e);
        }
    }

    /**
     * RFC 2409 §5.1 RSA signatures as IKEv1 peers make them: PKCS#1 v1.5 type-1 padding over the raw
     * HASH_I/HASH_R, without a DigestInfo (strongSwan's {@code SIGN_RSA_EMSA_PKCS1_NULL}).
     */
    public static Signature rsaRawPkcs1() {
        return signature("NONEwithRSA");
    }

    /**
     * ECDSA over a digest the caller computed (IKEv1's HASH_I/HASH_R, RFC 4754), the signature r | s
     * in fixed-width octets (RFC 4754 §7).
     */
    public static Signature ecdsaPrehashed() {
        return signature("NONEwithECDSAinP1363Format");
    }

    /** RFC 5280 §6 path validation. */
    public static CertPathValidator pkix() {
        try {
            return CertPathValidator.getInstance("PKIX");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks PKIX path validation", e);
        }
    }

    /** A certification path of X.509 certificates, first the end entity. */
    public static CertPath x509Path(List<? extends Certificate> certificates) {
        try {
            return CertificateFactory.getInstance("X.509").generateCertPath(certificates);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not a certification path: " + e.getMessage(), e);
        }
    }

    private static Signature signature(String name) {
        try {
            return Signature.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + name, e);
        }
    }

    private static String keyAlgorithm(Phase1Cipher c) {
        return switch (c) {
            case DES_CBC -> "DES";
            case TRIPLE_DES_CBC -> "DESede";
            case AES_CBC -> "AES";
        };
    }

    private static String hmacName(HashAlgorithm h) {
        return switch (h) {
            case MD5 -> "HmacMD5";
            case SHA1 -> "HmacSHA1";
            case SHA2_256 -> "HmacSHA256";
            case SHA2_384 -> "HmacSHA384";
            case SHA2_512 -> "HmacSHA512";
        };
    }

    private static Mac mac(String name) {
        try {
            return Mac.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + name, e);
        }
    }

    private static Cipher cipher(String transformation) {
        try {
            return Cipher.getInstance(transformation);
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw new IllegalStateException("the JDK lacks " + transformation, e);
        }
    }
}
