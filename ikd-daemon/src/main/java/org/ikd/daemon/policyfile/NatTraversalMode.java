package org.ikd.daemon.policyfile;

/** When ESP goes in UDP (RFC 3947 negotiation, RFC 3948 encapsulation). */
public enum NatTraversalMode {
    /** Encapsulate when NAT-D payloads show a NAT between the peers. */
    AUTO("auto"),
    /** Always encapsulate, as if a NAT were there (strongSwan's forceencaps). */
    FORCE("force"),
    /** Never: send no NAT-T vendor ID, plain ESP on protocol 50. */
    OFF("off"),
    /**
     * As auto, but ikd announces and accepts only draft-ietf-ipsec-nat-t-ike-02 (NAT-D 130, NAT-OA 131,
     * modes 61443/61444), as Windows XP SP2 does; for testing old peers. Applies to the whole daemon.
     */
    DRAFT_02("draft-02");

    private final String keyword;

    NatTraversalMode(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }
}
