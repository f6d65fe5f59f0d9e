package org.ikd.esp.mode;

/** Negative results of the mode operations; the data plane maps them to its drop reasons. */
public final class ModeFailure {
    /** Not enough headroom or tailroom in the caller's array. */
    public static final int NO_ROOM = -1;
    /** The result would exceed 65535 bytes. */
    public static final int TOO_BIG = -2;
    /** e.g. IPv6 extension headers before the payload in transport mode. */
    public static final int UNSUPPORTED = -3;
    public static final int MALFORMED = -4;
    public static final int AUTHENTICATION_FAILED = -5;
    public static final int DECRYPTION_FAILED = -6;
    /** RFC 4303 §2.6: Next Header 59, a dummy packet (traffic flow confidentiality). */
    public static final int DUMMY = -7;

    public static final int NO_NEXT_HEADER = 59;
    static final int MAX_IP_LENGTH = 65535;

    private ModeFailure() {}
}
