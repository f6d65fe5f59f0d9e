package org.ikd.it.interop;

import org.ikd.core.crypto.DhGroupId;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.crypto.Phase1Cipher;

/**
 * ikd's algorithms by the names strongSwan 5.9 prints in {@code swanctl --list-sas} (libstrongswan's
 * {@code encryption_algorithm_names}, {@code integrity_algorithm_names}, {@code pseudo_random_function_names},
 * {@code diffie_hellman_group_names}; checked against charon↔charon output in CharonLabIT's lab).
 * Written by hand, not derived from ikd, so a wrong number on either side shows as a mismatch.
 */
final class StrongSwanNames {
    private StrongSwanNames() {}

    static String cipher(Phase1Cipher c) {
        return switch (c) {
            case DES_CBC -> "DES_CBC";
            case TRIPLE_DES_CBC -> "3DES_CBC";
            case AES_CBC -> "AES_CBC";
        };
    }

    static String cipher(EspCipher c) {
        return switch (c) {
            case DES_CBC -> "DES_CBC";
            case TRIPLE_DES_CBC -> "3DES_CBC";
            case NULL -> "NULL";
            case AES_CBC -> "AES_CBC";
            case AES_GCM_16 -> "AES_GCM_16";
        };
    }

    /** The IKEv1 phase-1 hash as strongSwan shows its integrity side (HMAC truncated as in IKEv2's names). */
    static String integrity(HashAlgorithm h) {
        return switch (h) {
            case MD5 -> "HMAC_MD5_96";
            case SHA1 -> "HMAC_SHA1_96";
            case SHA2_256 -> "HMAC_SHA2_256_128";
            case SHA2_384 -> "HMAC_SHA2_384_192";
            case SHA2_512 -> "HMAC_SHA2_512_256";
        };
    }

    /** The IKEv1 phase-1 hash as strongSwan shows its PRF side. */
    static String prf(HashAlgorithm h) {
        return switch (h) {
            case MD5 -> "PRF_HMAC_MD5";
            case SHA1 -> "PRF_HMAC_SHA1";
            case SHA2_256 -> "PRF_HMAC_SHA2_256";
            case SHA2_384 -> "PRF_HMAC_SHA2_384";
            case SHA2_512 -> "PRF_HMAC_SHA2_512";
        };
    }

    static String integrity(IntegrityAlgorithm a) {
        return switch (a) {
            case HMAC_MD5_96 -> "HMAC_MD5_96";
            case HMAC_SHA1_96 -> "HMAC_SHA1_96";
            case HMAC_SHA2_256_128 -> "HMAC_SHA2_256_128";
            case HMAC_SHA2_384_192 -> "HMAC_SHA2_384_192";
            case HMAC_SHA2_512_256 -> "HMAC_SHA2_512_256";
        };
    }

    static String group(DhGroupId g) {
        String k = g.keyword();                                  // modp2048 -> MODP_2048, ecp256 -> ECP_256
        int digits = 0;
        while (digits < k.length() && !Character.isDigit(k.charAt(digits))) digits++;
        return k.substring(0, digits).toUpperCase() + "_" + k.substring(digits);
    }
}
