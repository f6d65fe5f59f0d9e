package org.ikd.core.isakmp.doi;

/**
 * Attribute numbers of the Attribute payload (draft-dukes-ike-mode-cfg-02 §3.3, draft-beaulieu-ike-xauth-02
 * §6.1, and the Cisco Unity numbers that strongSwan's unity plugin and the iOS/macOS clients use).
 * Numbers only: an attribute ikd does not know is kept and ignored by number.
 */
public final class ConfigAttribute {
    private ConfigAttribute() {}

    // draft-dukes-ike-mode-cfg-02 §3.3
    public static final int INTERNAL_IP4_ADDRESS = 1;
    public static final int INTERNAL_IP4_NETMASK = 2;
    public static final int INTERNAL_IP4_DNS = 3;
    public static final int INTERNAL_IP4_NBNS = 4;
    public static final int INTERNAL_ADDRESS_EXPIRY = 5;
    public static final int INTERNAL_IP4_DHCP = 6;
    public static final int APPLICATION_VERSION = 7;
    public static final int INTERNAL_IP6_ADDRESS = 8;
    public static final int INTERNAL_IP6_NETMASK = 9;
    public static final int INTERNAL_IP6_DNS = 10;
    public static final int INTERNAL_IP4_SUBNET = 13;
    public static final int SUPPORTED_ATTRIBUTES = 14;
    public static final int INTERNAL_IP6_SUBNET = 15;

    // draft-beaulieu-ike-xauth-02 §6.1 (private range 16520..16529)
    public static final int XAUTH_TYPE = 16520;
    public static final int XAUTH_USER_NAME = 16521;
    public static final int XAUTH_USER_PASSWORD = 16522;
    public static final int XAUTH_PASSCODE = 16523;
    public static final int XAUTH_MESSAGE = 16524;
    public static final int XAUTH_CHALLENGE = 16525;
    public static final int XAUTH_DOMAIN = 16526;
    public static final int XAUTH_STATUS = 16527;
    /** XAUTH-TYPE value: generic user name and password (draft-beaulieu-ike-xauth-02 §6.2). */
    public static final int XAUTH_TYPE_GENERIC = 0;
    /** XAUTH-STATUS values (draft-beaulieu-ike-xauth-02 §6.3): FAIL 0, OK 1. */
    public static final int XAUTH_STATUS_FAIL = 0;
    public static final int XAUTH_STATUS_OK = 1;

    // Cisco Unity (28672..28683, private use): UNITY_SPLIT_INCLUDE is a list of 14-byte entries, an
    // IPv4 address (4), its mask (4) and 6 zero bytes, as strongSwan's unity plugin reads and writes them.
    public static final int UNITY_BANNER = 28672;
    public static final int UNITY_DEF_DOMAIN = 28674;
    public static final int UNITY_SPLIT_INCLUDE = 28676;
    public static final int UNITY_LOCAL_LAN = 28678;
}
