package org.ikd.core.ike.exchange;

import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.EncapsulationMode;
import org.ikd.core.isakmp.doi.PayloadType;

/**
 * Which NAT-T dialect a peer speaks: RFC 3947 (NAT-D 20, modes 3/4) or draft-ietf-ipsec-nat-t-ike-02
 * as Windows XP SP2 sends it (NAT-D 130, modes 61443/61444), or none.
 */
enum NatTraversalVersion {
    NONE(null, null, null, null),
    DRAFT_02(VendorIds.NAT_T_DRAFT_02N, PayloadType.NAT_D_DRAFT, EncapsulationMode.UDP_ENCAPSULATED_TUNNEL_DRAFT,
            EncapsulationMode.UDP_ENCAPSULATED_TRANSPORT_DRAFT),
    RFC_3947(VendorIds.NAT_T_RFC3947, PayloadType.NAT_D, EncapsulationMode.UDP_ENCAPSULATED_TUNNEL,
            EncapsulationMode.UDP_ENCAPSULATED_TRANSPORT);

    private final Bytes vendorId;
    private final PayloadType natD;
    private final EncapsulationMode tunnel;
    private final EncapsulationMode transport;

    NatTraversalVersion(Bytes vendorId, PayloadType natD, EncapsulationMode tunnel, EncapsulationMode transport) {
        this.vendorId = vendorId;
        this.natD = natD;
        this.tunnel = tunnel;
        this.transport = transport;
    }

    Bytes vendorId() { return vendorId; }
    PayloadType natDiscoveryType() { return natD; }
    PayloadType natOriginalAddressType() { return this == DRAFT_02 ? PayloadType.NAT_OA_DRAFT : PayloadType.NAT_OA; }

    /** The encapsulation mode for UDP-encapsulated ESP in this dialect (RFC 3947 §5.1). */
    EncapsulationMode encapsulation(boolean tunnelMode) {
        return tunnelMode ? tunnel : transport;
    }
}
