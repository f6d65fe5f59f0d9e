package org.ikd.core.isakmp.doi;

import java.util.Map;

/** Oakley "Authentication Method" values (RFC 2409 App. A, RFC 4754 §5, GSS-API 65001); XAUTH numbers stay unknown. */
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

    private static final Map<Integer, AuthMethod> KNOWN = index(PRE_SHARED_KEY, DSS_SIGNATURES, RSA_SIGNATURES,
            RSA_ENCRYPTION, REVISED_RSA_ENCRYPTION, ECDSA_SHA256_P256, ECDSA_SHA384_P384, ECDSA_SHA512_P521, GSSAPI_KERBEROS);

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
