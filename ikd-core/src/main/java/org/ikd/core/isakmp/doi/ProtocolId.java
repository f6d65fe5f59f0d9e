package org.ikd.core.isakmp.doi;

import java.util.Map;

/** IPsec DOI "Security Protocol Identifier" (RFC 2407 §4.4.1), one byte. */
public final class ProtocolId extends RegisteredNumber {
    public static final ProtocolId RESERVED = new ProtocolId(0, "RESERVED");
    public static final ProtocolId ISAKMP = new ProtocolId(1, "ISAKMP");
    public static final ProtocolId AH = new ProtocolId(2, "AH");
    public static final ProtocolId ESP = new ProtocolId(3, "ESP");
    public static final ProtocolId IPCOMP = new ProtocolId(4, "IPCOMP");

    private static final Map<Integer, ProtocolId> KNOWN = index(RESERVED, ISAKMP, AH, ESP, IPCOMP);

    private ProtocolId(int value, String name) {
        super(value, name, true);
    }

    private ProtocolId(int value) {
        super(value, unknownName(value), false);
    }

    public static ProtocolId valueOf(int value) {
        ProtocolId known = KNOWN.get(requireRange(value, 0xff, "protocol id"));
        return known != null ? known : new ProtocolId(value);
    }
}
