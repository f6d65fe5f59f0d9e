package org.ikd.core.ike;

/**
 * What Main Mode learned about the peer and the path to it, replaced whole as it learns more:
 * from the peer's vendor IDs (RFC 3706 §4 DPD, the FRAGMENTATION ID, who it is) and from NAT
 * discovery (RFC 3947 §3.2). Immutable; an ISAKMP SA starts with {@link #UNKNOWN}.
 *
 * @param dpd                the peer sent the DPD vendor ID: we may ask it R-U-THERE
 * @param vendor             who its vendor IDs say it is ("ikd", "Windows XP (...)"), "" when unknown
 * @param fragmentation      it sent the FRAGMENTATION vendor ID or fragments of its own: it reassembles payload 132
 * @param behindNat          NAT-D showed a NAT in front of us: keep its mapping open with keepalives
 * @param natTraversalDraft  it speaks NAT-T as draft-ietf-ipsec-nat-t-ike-02 (NAT-D 130, modes 61443/61444)
 * @param natTraversalForced NAT-T is in use only because we forced it (no NAT-D showed a NAT)
 */
public record PeerCapabilities(boolean dpd, String vendor, boolean fragmentation, boolean behindNat, boolean natTraversalDraft,
                               boolean natTraversalForced) {
    public static final PeerCapabilities UNKNOWN = new PeerCapabilities(false, "", false, false, false, false);

    public PeerCapabilities {
        if (vendor == null) vendor = "";
    }

    /** What its vendor IDs said; fragmentation once seen stays (it may have fragmented before its IDs came). */
    public PeerCapabilities withVendorIds(boolean dpd, String vendor, boolean fragmentation) {
        return new PeerCapabilities(dpd, vendor, this.fragmentation || fragmentation, behindNat, natTraversalDraft, natTraversalForced);
    }

    /** It sent fragments (payload 132): it reassembles them too. */
    public PeerCapabilities fragmenting() {
        return new PeerCapabilities(dpd, vendor, true, behindNat, natTraversalDraft, natTraversalForced);
    }

    /** What NAT discovery decided (RFC 3947 §3.2, or draft-02's dialect). */
    public PeerCapabilities withNat(boolean behindNat, boolean natTraversalDraft, boolean natTraversalForced) {
        return new PeerCapabilities(dpd, vendor, fragmentation, behindNat, natTraversalDraft, natTraversalForced);
    }
}
