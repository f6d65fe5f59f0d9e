package org.ikd.it.swan;

/**
 * One cell of the traffic matrix: who initiates, the Main Mode method and the ESP method (both as
 * swanctl.conf and ikd's policy spell them), and what charon's {@code swanctl --list-sas --raw} must
 * show, in strongSwan 5.9's own names (libstrongswan's algorithm name tables), written by hand.
 * The eight cells cover each Main Mode method and each ESP method at least once in each role.
 */
enum TrafficCase {
    IKD_3DES_SHA1_MODP1024_ESP_3DES_SHA1(true, MainMode.TDES_SHA1_MODP1024, Esp.TDES_SHA1),
    IKD_AES128_SHA1_MODP2048_ESP_AES256_SHA1(true, MainMode.AES128_SHA1_MODP2048, Esp.AES256_SHA1),
    IKD_AES256_SHA256_ECP256_ESP_AES128GCM16(true, MainMode.AES256_SHA256_ECP256, Esp.AES128GCM16),
    IKD_3DES_SHA1_MODP1024_ESP_AES128_SHA256(true, MainMode.TDES_SHA1_MODP1024, Esp.AES128_SHA256),
    CHARON_3DES_SHA1_MODP1024_ESP_AES128GCM16(false, MainMode.TDES_SHA1_MODP1024, Esp.AES128GCM16),
    CHARON_AES128_SHA1_MODP2048_ESP_AES128_SHA256(false, MainMode.AES128_SHA1_MODP2048, Esp.AES128_SHA256),
    CHARON_AES256_SHA256_ECP256_ESP_3DES_SHA1(false, MainMode.AES256_SHA256_ECP256, Esp.TDES_SHA1),
    CHARON_AES128_SHA1_MODP2048_ESP_AES256_SHA1(false, MainMode.AES128_SHA1_MODP2048, Esp.AES256_SHA1);

    /** A Main Mode method: its name (the same in swanctl.conf and ikd's policy) and charon's list-sas fields. */
    enum MainMode {
        TDES_SHA1_MODP1024("3des-sha1-modp1024", "3DES_CBC", null, "HMAC_SHA1_96", "PRF_HMAC_SHA1", "MODP_1024"),
        AES128_SHA1_MODP2048("aes128-sha1-modp2048", "AES_CBC", "128", "HMAC_SHA1_96", "PRF_HMAC_SHA1", "MODP_2048"),
        AES256_SHA256_ECP256("aes256-sha256-ecp256", "AES_CBC", "256", "HMAC_SHA2_256_128", "PRF_HMAC_SHA2_256", "ECP_256");

        final String name;
        final String encr;
        final String keySize;
        final String integ;
        final String prf;
        final String group;

        MainMode(String name, String encr, String keySize, String integ, String prf, String group) {
            this.name = name;
            this.encr = encr;
            this.keySize = keySize;
            this.integ = integ;
            this.prf = prf;
            this.group = group;
        }
    }

    /** An ESP method: its name (swanctl.conf and ikd's policy agree) and charon's CHILD SA fields. */
    enum Esp {
        AES128GCM16("aes128gcm16", "AES_GCM_16", "128", null),
        AES128_SHA256("aes128-sha256", "AES_CBC", "128", "HMAC_SHA2_256_128"),
        TDES_SHA1("3des-sha1", "3DES_CBC", null, "HMAC_SHA1_96"),
        AES256_SHA1("aes256-sha1", "AES_CBC", "256", "HMAC_SHA1_96");

        final String name;
        final String encr;
        final String keySize;
        final String integ;

        Esp(String name, String encr, String keySize, String integ) {
            this.name = name;
            this.encr = encr;
            this.keySize = keySize;
            this.integ = integ;
        }
    }

    final boolean ikdInitiates;
    final MainMode mainMode;
    final Esp esp;

    TrafficCase(boolean ikdInitiates, MainMode mainMode, Esp esp) {
        this.ikdInitiates = ikdInitiates;
        this.mainMode = mainMode;
        this.esp = esp;
    }

    @Override
    public String toString() {
        return (ikdInitiates ? "ikd" : "charon") + " initiates, MM " + mainMode.name + ", ESP " + esp.name;
    }
}
