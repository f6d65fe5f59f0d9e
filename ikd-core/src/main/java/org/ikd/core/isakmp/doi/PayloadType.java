package org.ikd.core.isakmp.doi;

import java.util.Map;

/**
 * ISAKMP "Next Payload" values (RFC 2408 §3.1), one byte: NAT-D/NAT-OA from RFC 3947 §3.2/§5.2,
 * their draft-ietf-ipsec-nat-t-ike-02 numbers (private range), and the IKEv1 fragment payload
 * (132) that strongSwan and Cisco use, and the Mode-Config Attribute payload (14).
 */
public final class PayloadType extends RegisteredNumber {
    public static final PayloadType NONE = new PayloadType(0, "NONE");
    public static final PayloadType SA = new PayloadType(1, "SA");
    public static final PayloadType PROPOSAL = new PayloadType(2, "PROPOSAL");
    public static final PayloadType TRANSFORM = new PayloadType(3, "TRANSFORM");
    public static final PayloadType KE = new PayloadType(4, "KE");
    public static final PayloadType ID = new PayloadType(5, "ID");
    public static final PayloadType CERT = new PayloadType(6, "CERT");
    public static final PayloadType CR = new PayloadType(7, "CR");
    public static final PayloadType HASH = new PayloadType(8, "HASH");
    public static final PayloadType SIG = new PayloadType(9, "SIG");
    public static final PayloadType NONCE = new PayloadType(10, "NONCE");
    public static final PayloadType N = new PayloadType(11, "N");
    public static final PayloadType D = new PayloadType(12, "D");
    public static final PayloadType VID = new PayloadType(13, "VID");
    /** draft-dukes-ike-mode-cfg-02 §3.2: the Attribute payload of the Transaction exchange (Mode-Config, XAUTH). */
    public static final PayloadType ATTRIBUTE = new PayloadType(14, "ATTR");
    public static final PayloadType NAT_D = new PayloadType(20, "NAT-D");
    public static final PayloadType NAT_OA = new PayloadType(21, "NAT-OA");
    /** draft-ietf-ipsec-isakmp-gss-auth-07 §3.3: the GSS-API token payload, private use (tshark 4.0: "Private Use"). */
    public static final PayloadType GSS = new PayloadType(129, "GSS");
    public static final PayloadType NAT_D_DRAFT = new PayloadType(130, "NAT-D(draft)");
    public static final PayloadType NAT_OA_DRAFT = new PayloadType(131, "NAT-OA(draft)");
    public static final PayloadType FRAGMENT = new PayloadType(132, "FRAGMENT");

    private static final Map<Integer, PayloadType> KNOWN = index(NONE, SA, PROPOSAL, TRANSFORM, KE, ID, CERT, CR,
            HASH, SIG, NONCE, N, D, VID, ATTRIBUTE, NAT_D, NAT_OA, GSS, NAT_D_DRAFT, NAT_OA_DRAFT, FRAGMENT);

    private PayloadType(int value, String name) {
        super(value, name, true);
    }

    private PayloadType(int value) {
        super(value, unknownName(value), false);
    }

    public static PayloadType valueOf(int value) {
        PayloadType known = KNOWN.get(requireRange(value, 0xff, "payload type"));
        return known != null ? known : new PayloadType(value);
    }
}
