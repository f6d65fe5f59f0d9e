package org.ikd.it.interop;

import org.ikd.core.crypto.DhGroupId;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.crypto.Phase1Cipher;
import org.ikd.core.policy.MainModeMethod;
import org.ikd.core.policy.SecurityMethod;

/**
 * The proposal rows of issue 3's interop matrix, each as charon's swanctl.conf spells it, as ikd's
 * policy spells it, and as charon's {@code swanctl --list-sas --raw} must show it once established.
 * Every row runs over forced UDP encapsulation (row d of the matrix).
 */
enum InteropProposal {
    /** (a) IKE 3DES-SHA1-MODP1024, ESP 3DES-SHA1. */
    A_3DES_SHA1("3des-sha1-modp1024", "3des-sha1",
            new MainModeMethod(Phase1Cipher.TRIPLE_DES_CBC, 192, HashAlgorithm.SHA1, DhGroupId.MODP_1024),
            new SecurityMethod(EspCipher.TRIPLE_DES_CBC, 192, IntegrityAlgorithm.HMAC_SHA1_96, null, 3600, 0), null,
            new Expected("3DES_CBC", null, "HMAC_SHA1_96", "PRF_HMAC_SHA1", "MODP_1024", "3DES_CBC", null, "HMAC_SHA1_96", null)),
    /** (b) IKE AES128-SHA256-MODP2048, ESP AES128-GCM16. */
    B_AES128_GCM16("aes128-sha256-modp2048", "aes128gcm16",
            new MainModeMethod(Phase1Cipher.AES_CBC, 128, HashAlgorithm.SHA2_256, DhGroupId.MODP_2048),
            new SecurityMethod(EspCipher.AES_GCM_16, 128, null, null, 3600, 0), null,
            new Expected("AES_CBC", "128", "HMAC_SHA2_256_128", "PRF_HMAC_SHA2_256", "MODP_2048", "AES_GCM_16", "128", null, null)),
    /** (c) IKE AES256-SHA1-MODP2048, ESP AES256-SHA256 with PFS (MODP2048). */
    C_AES256_SHA256_PFS("aes256-sha1-modp2048", "aes256-sha256-modp2048",
            new MainModeMethod(Phase1Cipher.AES_CBC, 256, HashAlgorithm.SHA1, DhGroupId.MODP_2048),
            new SecurityMethod(EspCipher.AES_CBC, 256, IntegrityAlgorithm.HMAC_SHA2_256_128, null, 3600, 0), DhGroupId.MODP_2048,
            new Expected("AES_CBC", "256", "HMAC_SHA1_96", "PRF_HMAC_SHA1", "MODP_2048", "AES_CBC", "256", "HMAC_SHA2_256_128", "MODP_2048"));

    /** What charon's list-sas shows, in its own words; null where it prints no such field. */
    record Expected(String ikeEncryption, String ikeKeySize, String ikeIntegrity, String ikePrf, String ikeGroup,
                    String espEncryption, String espKeySize, String espIntegrity, String pfsGroup) {}

    final String charonIke;
    final String charonEsp;
    final MainModeMethod mainMode;
    final SecurityMethod method;
    final DhGroupId pfs;
    final Expected expected;

    InteropProposal(String charonIke, String charonEsp, MainModeMethod mainMode, SecurityMethod method, DhGroupId pfs,
                    Expected expected) {
        this.charonIke = charonIke;
        this.charonEsp = charonEsp;
        this.mainMode = mainMode;
        this.method = method;
        this.pfs = pfs;
        this.expected = expected;
    }

    @Override
    public String toString() {
        return "IKE " + charonIke + " ESP " + charonEsp;
    }
}
