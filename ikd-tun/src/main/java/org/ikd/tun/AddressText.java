package org.ikd.tun;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * How ikd-tun writes an IP address into route, rule and nft texts, logs and errors: IPv4 dotted
 * quad, IPv6 in the RFC 5952 §4 canonical form (what ip(8) and nft(8) print back), never Java's
 * {@code 2001:2:0:0:0:0:0:2%0}. The twin of {@code org.ikd.core.policy.AddressText}, which the
 * daemon, core and esp use: ikd-tun imports only the JDK (package-info; TunArchitectureTest), so it
 * keeps this small copy rather than a dependency on the protocol module. Both are tested against
 * the RFC's examples.
 */
public final class AddressText {
    private AddressText() {
    }

    /** {@code 198.18.0.1}, {@code 2001:2::1}; a scoped IPv6 address keeps its zone (RFC 4007 §11): {@code fe80::1%2}. */
    public static String of(InetAddress address) {
        if (address == null) return "-";
        String text = of(address.getAddress());
        if (address instanceof Inet6Address v6 && v6.getScopeId() != 0)
            return text + "%" + (v6.getScopedInterface() != null ? v6.getScopedInterface().getName() : v6.getScopeId());
        return text;
    }

    /** A 4- or 16-byte address in network order. */
    public static String of(byte[] address) {
        if (address.length == 4) return ipv4(address, 0);
        if (address.length != 16) throw new IllegalArgumentException("address of " + address.length + " bytes (expected: 4 or 16)");
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) groups[i] = (address[2 * i] & 0xff) << 8 | address[2 * i + 1] & 0xff;
        // RFC 5952 §5: an IPv4-mapped address (RFC 4291 §2.5.5.2, ::ffff:0:0/96) ends in a dotted quad
        if (groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0 && groups[5] == 0xffff)
            return "::ffff:" + ipv4(address, 12);
        return ipv6(groups);
    }

    private static String ipv4(byte[] a, int at) {
        return (a[at] & 0xff) + "." + (a[at + 1] & 0xff) + "." + (a[at + 2] & 0xff) + "." + (a[at + 3] & 0xff);
    }

    private static String ipv6(int[] groups) {
        // RFC 5952 §4.2: "::" replaces the longest run of two or more zero groups, the first of equal runs
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) j++;
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder b = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                b.append("::");
                i += bestLength - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') b.append(':');
            b.append(Integer.toHexString(groups[i]));      // RFC 5952 §4.1 no leading zeros, §4.3 lowercase
        }
        return b.toString();
    }
}
