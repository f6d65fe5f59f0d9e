package org.ikd.core.isakmp.doi;

import java.util.Map;
import java.util.Objects;

/**
 * "Transform ID" of a transform payload, one byte, whose meaning depends on the proposal's
 * protocol: ISAKMP (RFC 2407 §4.4.2), AH (§4.4.3, RFC 4868 §3.2), ESP (§4.4.4, RFC 3602,
 * RFC 3686, RFC 4309, RFC 4106 §8.1, RFC 4543). Equal when protocol and number are equal.
 */
public final class TransformId extends RegisteredNumber {
    public static final TransformId KEY_IKE = new TransformId(ProtocolId.ISAKMP, 1, "KEY_IKE");

    public static final TransformId AH_MD5 = new TransformId(ProtocolId.AH, 2, "AH_MD5");
    public static final TransformId AH_SHA = new TransformId(ProtocolId.AH, 3, "AH_SHA");
    public static final TransformId AH_DES = new TransformId(ProtocolId.AH, 4, "AH_DES");
    public static final TransformId AH_SHA2_256 = new TransformId(ProtocolId.AH, 5, "AH_SHA2_256");
    public static final TransformId AH_SHA2_384 = new TransformId(ProtocolId.AH, 6, "AH_SHA2_384");
    public static final TransformId AH_SHA2_512 = new TransformId(ProtocolId.AH, 7, "AH_SHA2_512");

    public static final TransformId ESP_DES_IV64 = new TransformId(ProtocolId.ESP, 1, "ESP_DES_IV64");
    public static final TransformId ESP_DES = new TransformId(ProtocolId.ESP, 2, "ESP_DES");
    public static final TransformId ESP_3DES = new TransformId(ProtocolId.ESP, 3, "ESP_3DES");
    public static final TransformId ESP_RC5 = new TransformId(ProtocolId.ESP, 4, "ESP_RC5");
    public static final TransformId ESP_IDEA = new TransformId(ProtocolId.ESP, 5, "ESP_IDEA");
    public static final TransformId ESP_CAST = new TransformId(ProtocolId.ESP, 6, "ESP_CAST");
    public static final TransformId ESP_BLOWFISH = new TransformId(ProtocolId.ESP, 7, "ESP_BLOWFISH");
    public static final TransformId ESP_3IDEA = new TransformId(ProtocolId.ESP, 8, "ESP_3IDEA");
    public static final TransformId ESP_DES_IV32 = new TransformId(ProtocolId.ESP, 9, "ESP_DES_IV32");
    public static final TransformId ESP_RC4 = new TransformId(ProtocolId.ESP, 10, "ESP_RC4");
    public static final TransformId ESP_NULL = new TransformId(ProtocolId.ESP, 11, "ESP_NULL");
    public static final TransformId ESP_AES_CBC = new TransformId(ProtocolId.ESP, 12, "ESP_AES_CBC");
    public static final TransformId ESP_AES_CTR = new TransformId(ProtocolId.ESP, 13, "ESP_AES_CTR");
    public static final TransformId ESP_AES_CCM_8 = new TransformId(ProtocolId.ESP, 14, "ESP_AES_CCM_8");
    public static final TransformId ESP_AES_CCM_12 = new TransformId(ProtocolId.ESP, 15, "ESP_AES_CCM_12");
    public static final TransformId ESP_AES_CCM_16 = new TransformId(ProtocolId.ESP, 16, "ESP_AES_CCM_16");
    public static final TransformId ESP_AES_GCM_8 = new TransformId(ProtocolId.ESP, 18, "ESP_AES_GCM_8");
    public static final TransformId ESP_AES_GCM_12 = new TransformId(ProtocolId.ESP, 19, "ESP_AES_GCM_12");
    public static final TransformId ESP_AES_GCM_16 = new TransformId(ProtocolId.ESP, 20, "ESP_AES_GCM_16");
    public static final TransformId ESP_NULL_AUTH_AES_GMAC =
            new TransformId(ProtocolId.ESP, 23, "ESP_NULL_AUTH_AES_GMAC");

    public static final TransformId IPCOMP_OUI = new TransformId(ProtocolId.IPCOMP, 1, "IPCOMP_OUI");
    public static final TransformId IPCOMP_DEFLATE = new TransformId(ProtocolId.IPCOMP, 2, "IPCOMP_DEFLATE");
    public static final TransformId IPCOMP_LZS = new TransformId(ProtocolId.IPCOMP, 3, "IPCOMP_LZS");
    public static final TransformId IPCOMP_LZJH = new TransformId(ProtocolId.IPCOMP, 4, "IPCOMP_LZJH");

    private static final Map<ProtocolId, Map<Integer, TransformId>> KNOWN = Map.of(
            ProtocolId.ISAKMP, index(KEY_IKE),
            ProtocolId.AH, index(AH_MD5, AH_SHA, AH_DES, AH_SHA2_256, AH_SHA2_384, AH_SHA2_512),
            ProtocolId.ESP, index(ESP_DES_IV64, ESP_DES, ESP_3DES, ESP_RC5, ESP_IDEA, ESP_CAST, ESP_BLOWFISH,
                    ESP_3IDEA, ESP_DES_IV32, ESP_RC4, ESP_NULL, ESP_AES_CBC, ESP_AES_CTR, ESP_AES_CCM_8,
                    ESP_AES_CCM_12, ESP_AES_CCM_16, ESP_AES_GCM_8, ESP_AES_GCM_12, ESP_AES_GCM_16,
                    ESP_NULL_AUTH_AES_GMAC),
            ProtocolId.IPCOMP, index(IPCOMP_OUI, IPCOMP_DEFLATE, IPCOMP_LZS, IPCOMP_LZJH));

    private final ProtocolId protocol;

    private TransformId(ProtocolId protocol, int value, String name) {
        super(value, name, true);
        this.protocol = protocol;
    }

    private TransformId(ProtocolId protocol, int value) {
        super(value, protocol + " transform " + unknownName(value), false);
        this.protocol = protocol;
    }

    /** The protocol whose transform registry gives this number its meaning. */
    public ProtocolId protocol() {
        return protocol;
    }

    public static TransformId valueOf(ProtocolId protocol, int value) {
        requireRange(value, 0xff, "transform id");
        TransformId known = KNOWN.getOrDefault(protocol, Map.of()).get(value);
        return known != null ? known : new TransformId(protocol, value);
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && ((TransformId) o).protocol.equals(protocol);
    }

    @Override
    public int hashCode() {
        return Objects.hash(protocol, value());
    }
}
