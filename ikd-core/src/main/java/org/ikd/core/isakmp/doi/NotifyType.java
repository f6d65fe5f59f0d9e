package org.ikd.core.isakmp.doi;

import java.util.Map;

/**
 * "Notify Message Type" (RFC 2408 §3.14.1), two bytes: errors 1..30 (private 8192..16383),
 * status 16384.., the IPsec DOI status types (RFC 2407 §4.6.3) and DPD (RFC 3706 §5.1).
 */
public final class NotifyType extends RegisteredNumber {
    public static final NotifyType INVALID_PAYLOAD_TYPE = error(1, "INVALID_PAYLOAD_TYPE");
    public static final NotifyType DOI_NOT_SUPPORTED = error(2, "DOI_NOT_SUPPORTED");
    public static final NotifyType SITUATION_NOT_SUPPORTED = error(3, "SITUATION_NOT_SUPPORTED");
    public static final NotifyType INVALID_COOKIE = error(4, "INVALID_COOKIE");
    public static final NotifyType INVALID_MAJOR_VERSION = error(5, "INVALID_MAJOR_VERSION");
    public static final NotifyType INVALID_MINOR_VERSION = error(6, "INVALID_MINOR_VERSION");
    public static final NotifyType INVALID_EXCHANGE_TYPE = error(7, "INVALID_EXCHANGE_TYPE");
    public static final NotifyType INVALID_FLAGS = error(8, "INVALID_FLAGS");
    public static final NotifyType INVALID_MESSAGE_ID = error(9, "INVALID_MESSAGE_ID");
    public static final NotifyType INVALID_PROTOCOL_ID = error(10, "INVALID_PROTOCOL_ID");
    public static final NotifyType INVALID_SPI = error(11, "INVALID_SPI");
    public static final NotifyType INVALID_TRANSFORM_ID = error(12, "INVALID_TRANSFORM_ID");
    public static final NotifyType ATTRIBUTES_NOT_SUPPORTED = error(13, "ATTRIBUTES_NOT_SUPPORTED");
    public static final NotifyType NO_PROPOSAL_CHOSEN = error(14, "NO_PROPOSAL_CHOSEN");
    public static final NotifyType BAD_PROPOSAL_SYNTAX = error(15, "BAD_PROPOSAL_SYNTAX");
    public static final NotifyType PAYLOAD_MALFORMED = error(16, "PAYLOAD_MALFORMED");
    public static final NotifyType INVALID_KEY_INFORMATION = error(17, "INVALID_KEY_INFORMATION");
    public static final NotifyType INVALID_ID_INFORMATION = error(18, "INVALID_ID_INFORMATION");
    public static final NotifyType INVALID_CERT_ENCODING = error(19, "INVALID_CERT_ENCODING");
    public static final NotifyType INVALID_CERTIFICATE = error(20, "INVALID_CERTIFICATE");
    public static final NotifyType CERT_TYPE_UNSUPPORTED = error(21, "CERT_TYPE_UNSUPPORTED");
    public static final NotifyType INVALID_CERT_AUTHORITY = error(22, "INVALID_CERT_AUTHORITY");
    public static final NotifyType INVALID_HASH_INFORMATION = error(23, "INVALID_HASH_INFORMATION");
    public static final NotifyType AUTHENTICATION_FAILED = error(24, "AUTHENTICATION_FAILED");
    public static final NotifyType INVALID_SIGNATURE = error(25, "INVALID_SIGNATURE");
    public static final NotifyType ADDRESS_NOTIFICATION = error(26, "ADDRESS_NOTIFICATION");
    public static final NotifyType NOTIFY_SA_LIFETIME = error(27, "NOTIFY_SA_LIFETIME");
    public static final NotifyType CERTIFICATE_UNAVAILABLE = error(28, "CERTIFICATE_UNAVAILABLE");
    public static final NotifyType UNSUPPORTED_EXCHANGE_TYPE = error(29, "UNSUPPORTED_EXCHANGE_TYPE");
    public static final NotifyType UNEQUAL_PAYLOAD_LENGTHS = error(30, "UNEQUAL_PAYLOAD_LENGTHS");

    public static final NotifyType CONNECTED = new NotifyType(16384, "CONNECTED");
    public static final NotifyType RESPONDER_LIFETIME = new NotifyType(24576, "RESPONDER_LIFETIME");
    public static final NotifyType REPLAY_STATUS = new NotifyType(24577, "REPLAY_STATUS");
    public static final NotifyType INITIAL_CONTACT = new NotifyType(24578, "INITIAL_CONTACT");
    public static final NotifyType R_U_THERE = new NotifyType(36136, "R_U_THERE");
    public static final NotifyType R_U_THERE_ACK = new NotifyType(36137, "R_U_THERE_ACK");

    private static final Map<Integer, NotifyType> KNOWN = index(INVALID_PAYLOAD_TYPE, DOI_NOT_SUPPORTED,
            SITUATION_NOT_SUPPORTED, INVALID_COOKIE, INVALID_MAJOR_VERSION, INVALID_MINOR_VERSION,
            INVALID_EXCHANGE_TYPE, INVALID_FLAGS, INVALID_MESSAGE_ID, INVALID_PROTOCOL_ID, INVALID_SPI,
            INVALID_TRANSFORM_ID, ATTRIBUTES_NOT_SUPPORTED, NO_PROPOSAL_CHOSEN, BAD_PROPOSAL_SYNTAX,
            PAYLOAD_MALFORMED, INVALID_KEY_INFORMATION, INVALID_ID_INFORMATION, INVALID_CERT_ENCODING,
            INVALID_CERTIFICATE, CERT_TYPE_UNSUPPORTED, INVALID_CERT_AUTHORITY, INVALID_HASH_INFORMATION,
            AUTHENTICATION_FAILED, INVALID_SIGNATURE, ADDRESS_NOTIFICATION, NOTIFY_SA_LIFETIME,
            CERTIFICATE_UNAVAILABLE, UNSUPPORTED_EXCHANGE_TYPE, UNEQUAL_PAYLOAD_LENGTHS,
            CONNECTED, RESPONDER_LIFETIME, REPLAY_STATUS, INITIAL_CONTACT, R_U_THERE, R_U_THERE_ACK);

    private NotifyType(int value, String name) {
        super(value, name, true);
    }

    private NotifyType(int value) {
        super(value, unknownName(value), false);
    }

    private static NotifyType error(int value, String name) {
        return new NotifyType(value, name);
    }

    /** RFC 2408 §3.14.1: types below 16384 report errors, the rest report status. */
    public boolean isError() {
        return value() < 16384;
    }

    public static NotifyType valueOf(int value) {
        NotifyType known = KNOWN.get(requireRange(value, 0xffff, "notify type"));
        return known != null ? known : new NotifyType(value);
    }
}
