package org.ikd.core.isakmp.doi;

import java.util.Map;

/**
 * Phase 1 transform attribute classes (RFC 2409 App. A), used in transforms of protocol ISAKMP.
 * Their values: encryption, hash, PRF and group numbers are the crypto enums' ids;
 * {@link AuthMethod}, {@link GroupType}, {@link LifeType} for the others.
 */
public final class OakleyAttributeType extends RegisteredNumber {
    public static final OakleyAttributeType ENCRYPTION_ALGORITHM = basic(1, "ENCRYPTION_ALGORITHM");
    public static final OakleyAttributeType HASH_ALGORITHM = basic(2, "HASH_ALGORITHM");
    public static final OakleyAttributeType AUTHENTICATION_METHOD = basic(3, "AUTHENTICATION_METHOD");
    public static final OakleyAttributeType GROUP_DESCRIPTION = basic(4, "GROUP_DESCRIPTION");
    public static final OakleyAttributeType GROUP_TYPE = basic(5, "GROUP_TYPE");
    public static final OakleyAttributeType GROUP_PRIME = octets(6, "GROUP_PRIME");
    public static final OakleyAttributeType GROUP_GENERATOR_ONE = octets(7, "GROUP_GENERATOR_ONE");
    public static final OakleyAttributeType GROUP_GENERATOR_TWO = octets(8, "GROUP_GENERATOR_TWO");
    public static final OakleyAttributeType GROUP_CURVE_A = octets(9, "GROUP_CURVE_A");
    public static final OakleyAttributeType GROUP_CURVE_B = octets(10, "GROUP_CURVE_B");
    public static final OakleyAttributeType LIFE_TYPE = basic(11, "LIFE_TYPE");
    public static final OakleyAttributeType LIFE_DURATION =
            new OakleyAttributeType(12, "LIFE_DURATION", AttributeForm.NUMBER);
    public static final OakleyAttributeType PRF = basic(13, "PRF");
    public static final OakleyAttributeType KEY_LENGTH = basic(14, "KEY_LENGTH");
    public static final OakleyAttributeType FIELD_SIZE = basic(15, "FIELD_SIZE");
    public static final OakleyAttributeType GROUP_ORDER = octets(16, "GROUP_ORDER");

    private static final Map<Integer, OakleyAttributeType> KNOWN = index(ENCRYPTION_ALGORITHM, HASH_ALGORITHM,
            AUTHENTICATION_METHOD, GROUP_DESCRIPTION, GROUP_TYPE, GROUP_PRIME, GROUP_GENERATOR_ONE,
            GROUP_GENERATOR_TWO, GROUP_CURVE_A, GROUP_CURVE_B, LIFE_TYPE, LIFE_DURATION, PRF, KEY_LENGTH,
            FIELD_SIZE, GROUP_ORDER);

    private final AttributeForm form;

    private OakleyAttributeType(int value, String name, AttributeForm form) {
        super(value, name, true);
        this.form = form;
    }

    private OakleyAttributeType(int value) {
        super(value, unknownName(value), false);
        this.form = AttributeForm.OCTETS;
    }

    private static OakleyAttributeType basic(int value, String name) {
        return new OakleyAttributeType(value, name, AttributeForm.BASIC);
    }

    private static OakleyAttributeType octets(int value, String name) {
        return new OakleyAttributeType(value, name, AttributeForm.OCTETS);
    }

    public AttributeForm form() {
        return form;
    }

    public static OakleyAttributeType valueOf(int value) {
        OakleyAttributeType known = KNOWN.get(requireRange(value, 0x7fff, "Oakley attribute type"));
        return known != null ? known : new OakleyAttributeType(value);
    }
}
