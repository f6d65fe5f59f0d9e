package org.ikd.core.policy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The one way ikd writes an IP address for people: IPv4 dotted quad, IPv6 in the RFC 5952 §4
 * canonical form (what ip(8), tcpdump and strongSwan print), never Java's
 * {@code 2001:2:0:0:0:0:0:2%0}. Used by the Oakley log, events, {@code ikdctl show} and diag.
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

    /** {@code 198.18.0.1:500}; an IPv6 address in brackets, {@code [2001:2::1]:500} (RFC 5952 §6). */
    public static String of(InetSocketAddress socket) {
        if (socket == null) return "-";
        InetAddress a = socket.getAddress();
        if (a == null) return socket.getHostString() + ":" + socket.getPort();
        return (a instanceof Inet6Address ? "[" + of(a) + "]" : of(a)) + ":" + socket.getPort();
    }

    /** A 4- or 16-byte address in network order. */
    public static String of(byte[] address) {
        if (address.length == 4) return ipv4(address, 0);
        if (address.length != 16) throw new IllegalArgumentException("address of " + address.length + " bytes (expected: 4 or 16)");
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) groups[i] = (address[2 * i] & 0xff) << 8 | address[2 * i + 1] & 0xff;
        if (isIpv4Mapped(groups)) return "::ffff:" + ipv4(address, 12);        // RFC 5952 §5
        return ipv6(groups);
    }

    /** An IPv6 address given as two big-endian halves (the data plane's form). */
    public static String ipv6(long high, long low) {
        byte[] a = new byte[16];
        for (int i = 0; i < 8; i++) {
            a[i] = (byte) (high >>> (56 - 8 * i));
            a[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return of(a);
    }

    /** An IPv4 address given as a big-endian int. */
    public static String ipv4(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "." + (address & 0xff);
    }

    private static String ipv4(byte[] a, int at) {
        return (a[at] & 0xff) + "." + (a[at + 1] & 0xff) + "." + (a[at + 2] & 0xff) + "." + (a[at + 3] & 0xff);
    }

    /** ::ffff:0:0/96 (RFC 4291 §2.5.5.2). */
    private static boolean isIpv4Mapped(int[] g) {
        return g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff;
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
