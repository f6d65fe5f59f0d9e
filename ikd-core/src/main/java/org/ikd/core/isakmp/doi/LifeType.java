package org.ikd.core.isakmp.doi;

import java.util.Map;

/** Oakley "Life Type" (RFC 2409 App. A) and IPsec DOI "SA Life Type" (RFC 2407 §4.5) values. */
public final class LifeType extends RegisteredNumber {
    public static final LifeType SECONDS = new LifeType(1, "SECONDS");
    public static final LifeType KILOBYTES = new LifeType(2, "KILOBYTES");

    private static final Map<Integer, LifeType> KNOWN = index(SECONDS, KILOBYTES);

    private LifeType(int value, String name) {
        super(value, name, true);
    }

    private LifeType(int value) {
        super(value, unknownName(value), false);
    }

    public static LifeType valueOf(int value) {
        LifeType known = KNOWN.get(requireRange(value, 0xffff, "life type"));
        return known != null ? known : new LifeType(value);
    }
}
