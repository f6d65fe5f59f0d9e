package org.ikd.core.isakmp.doi;

import java.util.Map;

/**
 * IPsec DOI "Encapsulation Mode" values (RFC 2407 §4.5), with UDP encapsulation from RFC 3947
 * §5.1 and the numbers draft-ietf-ipsec-nat-t-ike-02 used before it (still sent by older peers).
 */
public final class EncapsulationMode extends RegisteredNumber {
    public static final EncapsulationMode TUNNEL = new EncapsulationMode(1, "TUNNEL");
    public static final EncapsulationMode TRANSPORT = new EncapsulationMode(2, "TRANSPORT");
    public static final EncapsulationMode UDP_ENCAPSULATED_TUNNEL = new EncapsulationMode(3, "UDP_ENCAPSULATED_TUNNEL");
    public static final EncapsulationMode UDP_ENCAPSULATED_TRANSPORT =
            new EncapsulationMode(4, "UDP_ENCAPSULATED_TRANSPORT");
    public static final EncapsulationMode UDP_ENCAPSULATED_TUNNEL_DRAFT =
            new EncapsulationMode(61443, "UDP_ENCAPSULATED_TUNNEL_DRAFT");
    public static final EncapsulationMode UDP_ENCAPSULATED_TRANSPORT_DRAFT =
            new EncapsulationMode(61444, "UDP_ENCAPSULATED_TRANSPORT_DRAFT");

    private static final Map<Integer, EncapsulationMode> KNOWN = index(TUNNEL, TRANSPORT, UDP_ENCAPSULATED_TUNNEL,
            UDP_ENCAPSULATED_TRANSPORT, UDP_ENCAPSULATED_TUNNEL_DRAFT, UDP_ENCAPSULATED_TRANSPORT_DRAFT);

    private EncapsulationMode(int value, String name) {
        super(value, name, true);
    }

    private EncapsulationMode(int value) {
        super(value, unknownName(value), false);
    }

    public boolean isTunnel() {
        return equals(TUNNEL) || equals(UDP_ENCAPSULATED_TUNNEL) || equals(UDP_ENCAPSULATED_TUNNEL_DRAFT);
    }

    public boolean isUdpEncapsulated() {
        return isKnown() && !equals(TUNNEL) && !equals(TRANSPORT);
    }

    public static EncapsulationMode valueOf(int value) {
        EncapsulationMode known = KNOWN.get(requireRange(value, 0xffff, "encapsulation mode"));
        return known != null ? known : new EncapsulationMode(value);
    }
}
