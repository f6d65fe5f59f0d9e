package org.ikd.tun;

/** The two address families, with their Linux {@code AF_*} numbers (linux/socket.h). */
public enum IpFamily {
    IPV4(2, 4),
    IPV6(10, 16);

    private final int addressFamily;
    private final int addressLength;

    IpFamily(int addressFamily, int addressLength) {
        this.addressFamily = addressFamily;
        this.addressLength = addressLength;
    }

    /** {@code AF_INET} or {@code AF_INET6}. */
    public int addressFamily() {
        return addressFamily;
    }

    /** 4 or 16 bytes. */
    public int addressLength() {
        return addressLength;
    }

    public int maxPrefixLength() {
        return addressLength * 8;
    }

    public static IpFamily ofLength(int addressLength) {
        if (addressLength == 4) return IPV4;
        if (addressLength == 16) return IPV6;
        throw new IllegalArgumentException("address of " + addressLength + " bytes (expected: 4 or 16)");
    }

    /** The family of a Linux {@code AF_*} number, or null for any other family. */
    public static IpFamily ofAddressFamily(int af) {
        if (af == IPV4.addressFamily) return IPV4;
        if (af == IPV6.addressFamily) return IPV6;
        return null;
    }
}
