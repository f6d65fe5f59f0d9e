package org.ikd.core.isakmp.doi;

import java.util.Map;

/**
 * IPsec DOI SA attribute classes (RFC 2407 §4.5, RFC 3168 §9.2.1, RFC 4304 §2), used in
 * transforms of AH, ESP and IPCOMP. Values: {@link LifeType}, {@link EncapsulationMode}; the
 * authentication algorithm and group numbers are the crypto enums' ids.
 */
public final class IpsecAttributeType extends RegisteredNumber {
    public static final IpsecAttributeType SA_LIFE_TYPE = basic(1, "SA_LIFE_TYPE");
    public static final IpsecAttributeType SA_LIFE_DURATION =
            new IpsecAttributeType(2, "SA_LIFE_DURATION", AttributeForm.NUMBER);
    public static final IpsecAttributeType GROUP_DESCRIPTION = basic(3, "GROUP_DESCRIPTION");
    public static final IpsecAttributeType ENCAPSULATION_MODE = basic(4, "ENCAPSULATION_MODE");
    public static final IpsecAttributeType AUTHENTICATION_ALGORITHM = basic(5, "AUTHENTICATION_ALGORITHM");
    public static final IpsecAttributeType KEY_LENGTH = basic(6, "KEY_LENGTH");
    public static final IpsecAttributeType KEY_ROUNDS = basic(7, "KEY_ROUNDS");
    public static final IpsecAttributeType COMPRESS_DICTIONARY_SIZE = basic(8, "COMPRESS_DICTIONARY_SIZE");
    public static final IpsecAttributeType COMPRESS_PRIVATE_ALGORITHM =
            new IpsecAttributeType(9, "COMPRESS_PRIVATE_ALGORITHM", AttributeForm.OCTETS);
    public static final IpsecAttributeType ECN_TUNNEL = basic(10, "ECN_TUNNEL");
    public static final IpsecAttributeType EXTENDED_SEQUENCE_NUMBER = basic(11, "EXTENDED_SEQUENCE_NUMBER");

    private static final Map<Integer, IpsecAttributeType> KNOWN = index(SA_LIFE_TYPE, SA_LIFE_DURATION,
            GROUP_DESCRIPTION, ENCAPSULATION_MODE, AUTHENTICATION_ALGORITHM, KEY_LENGTH, KEY_ROUNDS,
            COMPRESS_DICTIONARY_SIZE, COMPRESS_PRIVATE_ALGORITHM, ECN_TUNNEL, EXTENDED_SEQUENCE_NUMBER);

    private final AttributeForm form;

    private IpsecAttributeType(int value, String name, AttributeForm form) {
        super(value, name, true);
        this.form = form;
    }

    private IpsecAttributeType(int value) {
        super(value, unknownName(value), false);
        this.form = AttributeForm.OCTETS;
    }

    private static IpsecAttributeType basic(int value, String name) {
        return new IpsecAttributeType(value, name, AttributeForm.BASIC);
    }

    public AttributeForm form() {
        return form;
    }

    public static IpsecAttributeType valueOf(int value) {
        IpsecAttributeType known = KNOWN.get(requireRange(value, 0x7fff, "IPsec attribute type"));
        return known != null ? known : new IpsecAttributeType(value);
    }
}
