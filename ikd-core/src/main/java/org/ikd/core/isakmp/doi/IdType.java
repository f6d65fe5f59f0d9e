package org.ikd.core.isakmp.doi;

import java.util.Map;

/**
 * IPsec DOI "Identification Type" (RFC 2407 §4.6.2.1), one byte, with the length of the
 * identification data of the address types (§4.6.2.2 - §4.6.2.13).
 */
public final class IdType extends RegisteredNumber {
    public static final IdType IPV4_ADDR = new IdType(1, "IPV4_ADDR", 4);
    public static final IdType FQDN = new IdType(2, "FQDN", 0);
    public static final IdType USER_FQDN = new IdType(3, "USER_FQDN", 0);
    public static final IdType IPV4_ADDR_SUBNET = new IdType(4, "IPV4_ADDR_SUBNET", 8);
    public static final IdType IPV6_ADDR = new IdType(5, "IPV6_ADDR", 16);
    public static final IdType IPV6_ADDR_SUBNET = new IdType(6, "IPV6_ADDR_SUBNET", 32);
    public static final IdType IPV4_ADDR_RANGE = new IdType(7, "IPV4_ADDR_RANGE", 8);
    public static final IdType IPV6_ADDR_RANGE = new IdType(8, "IPV6_ADDR_RANGE", 32);
    public static final IdType DER_ASN1_DN = new IdType(9, "DER_ASN1_DN", 0);
    public static final IdType DER_ASN1_GN = new IdType(10, "DER_ASN1_GN", 0);
    public static final IdType KEY_ID = new IdType(11, "KEY_ID", 0);

    private static final Map<Integer, IdType> KNOWN = index(IPV4_ADDR, FQDN, USER_FQDN, IPV4_ADDR_SUBNET,
            IPV6_ADDR, IPV6_ADDR_SUBNET, IPV4_ADDR_RANGE, IPV6_ADDR_RANGE, DER_ASN1_DN, DER_ASN1_GN, KEY_ID);

    private final int dataLength;

    private IdType(int value, String name, int dataLength) {
        super(value, name, true);
        this.dataLength = dataLength;
    }

    private IdType(int value) {
        super(value, unknownName(value), false);
        this.dataLength = 0;
    }

    /** The exact length of the identification data of an address type; 0 for variable-length data. */
    public int dataLength() {
        return dataLength;
    }

    public static IdType valueOf(int value) {
        IdType known = KNOWN.get(requireRange(value, 0xff, "ID type"));
        return known != null ? known : new IdType(value);
    }
}
