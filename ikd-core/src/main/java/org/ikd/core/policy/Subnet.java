package org.ikd.core.policy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 prefix ({@code 198.18.0.0/15}, a host is {@code /32} or {@code /128}).
 * Immutable; the address is stored with its host bits cleared.
 */
public final class Subnet {
    private final byte[] network;
    private final int prefix;
    private final int v4Network;     // IPv4 only: the network as an int, for the data path
    private final int v4Mask;

    private Subnet(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
        if (network.length == 4) {
            this.v4Mask = prefix == 0 ? 0 : -1 << (32 - prefix);
            this.v4Network = toInt(network) & v4Mask;
        } else {
            this.v4Mask = 0;
            this.v4Network = 0;
        }
    }

    public static Subnet of(InetAddress address, int prefix) {
        byte[] a = address.getAddress();
        if (prefix < 0 || prefix > a.length * 8)
            throw new IllegalArgumentException("prefix /" + prefix + " (expected: 0.." + a.length * 8 + ")");
        for (int bit = prefix; bit < a.length * 8; bit++) a[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        return new Subnet(a, prefix);
    }

    public static Subnet host(InetAddress address) {
        return of(address, address.getAddress().length * 8);
    }

    /** Any IPv4 address (0.0.0.0/0). */
    public static Subnet anyV4() {
        return new Subnet(new byte[4], 0);
    }

    /** Parses {@code a.b.c.d}, {@code a.b.c.d/n}, or an IPv6 literal with optional prefix. No DNS. */
    public static Subnet parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        byte[] raw = literal(addr);
        if (raw == null)
            throw new IllegalArgumentException("'" + text + "' is not an IP address or prefix (expected: 198.18.0.0/15 or 2001:db8::/32)");
        int prefix = raw.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' has a bad prefix length (expected: /0../" + raw.length * 8 + ")");
            }
        }
        try {
            return of(InetAddress.getByAddress(raw), prefix);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Parses an address literal without ever asking DNS; null if it is not one. */
    static byte[] literal(String s) {
        if (s.isEmpty()) return null;
        if (s.indexOf(':') >= 0) {
            try {
                return InetAddress.getByName(s.startsWith("[") ? s : "[" + s + "]").getAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return null;
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) return null;
            int v = Integer.parseInt(parts[i]);
            if (v > 255) return null;
            out[i] = (byte) v;
        }
        return out;
    }

    public boolean isIpv4() {
        return network.length == 4;
    }

    public int prefix() {
        return prefix;
    }

    public boolean isHost() {
        return prefix == network.length * 8;
    }

    public InetAddress network() {
        try {
            return InetAddress.getByAddress(network);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The last address of the prefix. */
    public InetAddress last() {
        byte[] a = network.clone();
        for (int bit = prefix; bit < a.length * 8; bit++) a[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        try {
            return InetAddress.getByAddress(a);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Data-path match of an IPv4 address given as a big-endian int. */
    public boolean containsV4(int address) {
        return network.length == 4 && (address & v4Mask) == v4Network;
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) return false;
        if (a.length == 4) return containsV4(toInt(a));
        for (int bit = 0; bit < prefix; bit++) {
            int m = 0x80 >>> (bit % 8);
            if ((a[bit / 8] & m) != (network[bit / 8] & m)) return false;
        }
        return true;
    }

    /** True when every address of {@code other} is in this prefix. */
    public boolean covers(Subnet other) {
        return other.network.length == network.length && other.prefix >= prefix && contains(other.network());
    }

    public boolean isAny() {
        return prefix == 0;
    }

    private static int toInt(byte[] a) {
        return (a[0] & 0xff) << 24 | (a[1] & 0xff) << 16 | (a[2] & 0xff) << 8 | (a[3] & 0xff);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Subnet s && s.prefix == prefix && Arrays.equals(s.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefix;
    }

    @Override
    public String toString() {
        String a = AddressText.of(network());
        return isHost() ? a : a + "/" + prefix;
    }
}
