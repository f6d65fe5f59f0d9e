package org.ikd.core.isakmp.doi;

import java.util.Map;

/** ISAKMP header "Exchange Type" (RFC 2408 §3.1, RFC 2409 §5.5/§5.6), one byte. */
public final class ExchangeType extends RegisteredNumber {
    public static final ExchangeType NONE = new ExchangeType(0, "NONE");
    public static final ExchangeType BASE = new ExchangeType(1, "BASE");
    /** Identity Protection (RFC 2408 §4.5) is what RFC 2409 calls Main Mode. */
    public static final ExchangeType MAIN_MODE = new ExchangeType(2, "MAIN_MODE");
    public static final ExchangeType IDENTITY_PROTECTION = MAIN_MODE;
    public static final ExchangeType AUTHENTICATION_ONLY = new ExchangeType(3, "AUTHENTICATION_ONLY");
    public static final ExchangeType AGGRESSIVE = new ExchangeType(4, "AGGRESSIVE");
    public static final ExchangeType INFORMATIONAL = new ExchangeType(5, "INFORMATIONAL");
    /** draft-dukes-ike-mode-cfg-02 §3.1: the Transaction exchange that carries Mode-Config and XAUTH. */
    public static final ExchangeType TRANSACTION = new ExchangeType(6, "TRANSACTION");
    public static final ExchangeType QUICK_MODE = new ExchangeType(32, "QUICK_MODE");
    public static final ExchangeType NEW_GROUP_MODE = new ExchangeType(33, "NEW_GROUP_MODE");

    private static final Map<Integer, ExchangeType> KNOWN =
            index(NONE, BASE, MAIN_MODE, AUTHENTICATION_ONLY, AGGRESSIVE, INFORMATIONAL, TRANSACTION, QUICK_MODE, NEW_GROUP_MODE);

    private ExchangeType(int value, String name) {
        super(value, name, true);
    }

    private ExchangeType(int value) {
        super(value, unknownName(value), false);
    }

    public static ExchangeType valueOf(int value) {
        ExchangeType known = KNOWN.get(requireRange(value, 0xff, "exchange type"));
        return known != null ? known : new ExchangeType(value);
    }
}
