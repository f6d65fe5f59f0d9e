package org.ikd.core.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Cipher;
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

    public static SecretKeySpec key(EspCipher c, byte[] key) {
        return new SecretKeySpec(key, switch (c) {
            case DES_CBC -> "DES";
            case TRIPLE_DES_CBC -> "DESede";
            case AES_CBC, AES_GCM_16 -> "AES";
            case NULL -> "NULL";
        });
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
