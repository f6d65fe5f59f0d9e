package org.ikd.core.isakmp;

/**
 * Each message of the IKEv1 exchanges ikd speaks, as {@link MessageRules} knows them
 * (RFC 2409 §5.1 Main Mode, §5.4 Aggressive Mode, §5.5 Quick Mode, §5.7 Informational; NAT-T per RFC 3947).
 */
public enum ExchangeStep {
    /** HDR, SA, [VID...] --> */
    MAIN_MODE_1,
    /** <-- HDR, SA, [VID...] */
    MAIN_MODE_2,
    /** HDR, KE, Ni, [NAT-D, NAT-D], [CR...] --> */
    MAIN_MODE_3,
    /** <-- HDR, KE, Nr, [NAT-D, NAT-D], [CR...] */
    MAIN_MODE_4,
    /** HDR, KE, Ni, GSSi, [NAT-D, NAT-D] -->  (draft-ietf-ipsec-isakmp-gss-auth-07 §3.2) */
    MAIN_MODE_3_GSS,
    /** <-- HDR, KE, Nr, GSSr, [NAT-D, NAT-D] */
    MAIN_MODE_4_GSS,
    /** HDR*, IDii, HASH_I -->  (also GSS-API, HASH_I wrapped) */
    MAIN_MODE_5_PSK,
    /** <-- HDR*, IDir, HASH_R */
    MAIN_MODE_6_PSK,
    /** HDR*, IDii, [CERT...], [CR...], SIG_I --> */
    MAIN_MODE_5_SIGNATURE,
    /** <-- HDR*, IDir, [CERT...], SIG_R */
    MAIN_MODE_6_SIGNATURE,
    /** HDR, SA, KE, Ni, IDii, [VID...] --> */
    AGGRESSIVE_1,
    /** <-- HDR, SA, KE, Nr, IDir, HASH_R, [VID...], [NAT-D, NAT-D] */
    AGGRESSIVE_2_PSK,
    /** HDR*, HASH_I, [NAT-D, NAT-D] -->  (RFC 3947 §4 shows it encrypted; RFC 2409 §5.4 in the clear) */
    AGGRESSIVE_3_PSK,
    /** HDR, HASH_I, [NAT-D, NAT-D] -->  (the same, sent in the clear) */
    AGGRESSIVE_3_PSK_CLEAR,
    /** HDR*, HASH(1), SA, Ni, [KE], [IDci, IDcr], [NAT-OAi, NAT-OAr] --> */
    QUICK_MODE_1,
    /** <-- HDR*, HASH(2), SA, Nr, [KE], [IDci, IDcr], [NAT-OAi, NAT-OAr], [N(RESPONDER-LIFETIME)] */
    QUICK_MODE_2,
    /** HDR*, HASH(3) --> */
    QUICK_MODE_3,
    /** HDR*, HASH, ATTR --> and <-- HDR*, HASH, ATTR  (draft-dukes-ike-mode-cfg-02 §3.1: Mode-Config and XAUTH) */
    TRANSACTION,
    /** HDR*, HASH(1), N/D -->  (under an established ISAKMP SA) */
    INFORMATIONAL,
    /** HDR, N -->  (before keys exist, e.g. NO-PROPOSAL-CHOSEN in answer to Main Mode 1) */
    INFORMATIONAL_UNPROTECTED
}
