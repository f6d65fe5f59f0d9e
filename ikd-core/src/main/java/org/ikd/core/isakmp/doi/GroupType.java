package org.ikd.core.isakmp.doi;

import java.util.Map;

/** Oakley "Group Type" values (RFC 2409 App. A). */
public final class GroupType extends RegisteredNumber {
    public static final GroupType MODP = new GroupType(1, "MODP");
    public static final GroupType ECP = new GroupType(2, "ECP");
    public static final GroupType EC2N = new GroupType(3, "EC2N");

    private static final Map<Integer, GroupType> KNOWN = index(MODP, ECP, EC2N);

    private GroupType(int value, String name) {
        super(value, name, true);
    }

    private GroupType(int value) {
        super(value, unknownName(value), false);
    }

    public static GroupType valueOf(int value) {
        GroupType known = KNOWN.get(requireRange(value, 0xffff, "group type"));
        return known != null ? known : new GroupType(value);
    }
}
