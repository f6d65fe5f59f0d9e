package org.ikd.core.isakmp.doi;

import java.util.Map;

/**
 * Oakley "Authentication Method" values (RFC 2409 App. A, RFC 4754 §5) and private-use numbers: GSS-API
 * 65001 (draft-ietf-ipsec-isakmp-gss-auth-07) and those of draft-beaulieu-ike-xauth-02 §7.2
 * ("XAUTHInitPreShared 65001 ... XAUTHRespRSA 65006") that say "phase 1 as the base method, then XAUTH"
 * (charon and the Cisco/Apple/Android clients propose 65001 with a group PSK). Both drafts took 65001:
 * {@link #GSSAPI_KERBEROS} and {@link #XAUTH_INIT_PRE_SHARED} are equal; the responder reads it as Kerberos
 * when a Kerberos rule covers the peer, else as XAUTH over a PSK when a remote-access rule exists.
 */
public final class AuthMethod extends RegisteredNumber {
    public static final AuthMethod PRE_SHARED_KEY = new AuthMethod(1, "PRE_SHARED_KEY");
    public static final AuthMethod DSS_SIGNATURES = new AuthMethod(2, "DSS_SIGNATURES");
    public static final AuthMethod RSA_SIGNATURES = new AuthMethod(3, "RSA_SIGNATURES");
    public static final AuthMethod RSA_ENCRYPTION = new AuthMethod(4, "RSA_ENCRYPTION");
    public static final AuthMethod REVISED_RSA_ENCRYPTION = new AuthMethod(5, "REVISED_RSA_ENCRYPTION");
    public static final AuthMethod ECDSA_SHA256_P256 = new AuthMethod(9, "ECDSA_SHA256_P256");
    public static final AuthMethod ECDSA_SHA384_P384 = new AuthMethod(10, "ECDSA_SHA384_P384");
    public static final AuthMethod ECDSA_SHA512_P521 = new AuthMethod(11, "ECDSA_SHA512_P521");
    /**
     * draft-ietf-ipsec-isakmp-gss-auth-07 §3.3 takes 65001 from the private range (RFC 2409 App. A)
     * for GSS-API authentication with Kerberos, as Windows 2000/XP sends it (racoon: GSSAPI_KRB). XAUTH's XAUTHInitPreShared
     * (draft-beaulieu-ike-xauth-02) takes the same number; the policy says which one a rule means,
     * and tshark 4.0 names it after XAUTH.
     */
    public static final AuthMethod GSSAPI_KERBEROS = new AuthMethod(65001, "GSSAPI_KERBEROS");

    public static final AuthMethod XAUTH_INIT_PRE_SHARED = new AuthMethod(65001, "XAUTH_INIT_PRE_SHARED");
    public static final AuthMethod XAUTH_RESP_PRE_SHARED = new AuthMethod(65002, "XAUTH_RESP_PRE_SHARED");
    public static final AuthMethod XAUTH_INIT_RSA = new AuthMethod(65005, "XAUTH_INIT_RSA");
    public static final AuthMethod XAUTH_RESP_RSA = new AuthMethod(65006, "XAUTH_RESP_RSA");

    private static final Map<Integer, AuthMethod> KNOWN = index(PRE_SHARED_KEY, DSS_SIGNATURES, RSA_SIGNATURES,
            RSA_ENCRYPTION, REVISED_RSA_ENCRYPTION, ECDSA_SHA256_P256, ECDSA_SHA384_P384, ECDSA_SHA512_P521,
            XAUTH_INIT_PRE_SHARED, XAUTH_RESP_PRE_SHARED, XAUTH_INIT_RSA, XAUTH_RESP_RSA);

    private AuthMethod(int value, String name) {
        super(value, name, true);
    }

    private AuthMethod(int value) {
        super(value, unknownName(value), false);
    }

    public static AuthMethod valueOf(int value) {
        AuthMethod known = KNOWN.get(requireRange(value, 0xffff, "authentication method"));
        return known != null ? known : new AuthMethod(value);
    }
}
