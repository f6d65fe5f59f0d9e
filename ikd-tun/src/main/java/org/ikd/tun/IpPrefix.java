package org.ikd.tun;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A route destination or a packet-source prefix: an address with its host bits clear and a
 * prefix length ({@code 198.18.5.0/24}; a host is {@code /32} or {@code /128}).
 */
public record IpPrefix(InetAddress address, int length) {
    public IpPrefix {
        byte[] raw = address.getAddress();
        if (length < 0 || length > raw.length * 8)
            throw new IllegalArgumentException("prefix /" + length + " (expected: 0.." + raw.length * 8 + ")");
        for (int bit = length; bit < raw.length * 8; bit++) {
            if ((raw[bit / 8] & (0x80 >>> (bit % 8))) != 0)
                throw new IllegalArgumentException(AddressText.of(address) + "/" + length
                        + " has host bits set (expected: the network address of the prefix)");
        }
    }

    /** Parses {@code 198.18.5.0/24}, {@code 198.18.5.7} (a host), or an IPv6 literal with an optional length. No DNS. */
    public static IpPrefix parse(String text) {
        int slash = text.indexOf('/');
        InetAddress address = literal(slash < 0 ? text : text.substring(0, slash));
        int max = address.getAddress().length * 8;
        if (slash < 0) return new IpPrefix(address, max);
        try {
            return new IpPrefix(address, Integer.parseInt(text.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has a bad prefix length (expected: /0../" + max + ")");
        }
    }

    /** The host prefix of one address ({@code /32} or {@code /128}). */
    public static IpPrefix host(InetAddress address) {
        return new IpPrefix(address, address.getAddress().length * 8);
    }

    public IpFamily family() {
        return IpFamily.ofLength(address.getAddress().length);
    }

    /** The address in network byte order (a fresh copy). */
    public byte[] addressBytes() {
        return address.getAddress();
    }

    @Override
    public String toString() {
        return AddressText.of(address) + "/" + length;
    }

    /** An IPv4 dotted quad or an IPv6 literal, never a host name (no DNS lookup). */
    static InetAddress literal(String s) {
        byte[] raw = s.indexOf(':') >= 0 ? null : dottedQuad(s);
        if (raw == null && s.indexOf(':') < 0)
            throw new IllegalArgumentException("'" + s + "' is not an IP address (expected: 198.18.0.1 or 2001:db8::1)");
        try {
            return raw != null ? InetAddress.getByAddress(raw) : InetAddress.getByName(s); // ':' → literal parse only
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + s + "' is not an IP address (expected: 198.18.0.1 or 2001:db8::1)", e);
        }
    }

    private static byte[] dottedQuad(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return null;
        byte[] raw = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) return null;
            int v = Integer.parseInt(parts[i]);
            if (v > 255) return null;
            raw[i] = (byte) v;
        }
        return raw;
    }
}
