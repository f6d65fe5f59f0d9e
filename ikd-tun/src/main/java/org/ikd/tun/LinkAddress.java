package org.ikd.tun;

import java.net.InetAddress;

/** An address assigned to a link, with the length of its on-link prefix ({@code 198.18.0.1/24}). */
public record LinkAddress(InetAddress address, int prefixLength) {
    public LinkAddress {
        int max = address.getAddress().length * 8;
        if (prefixLength < 1 || prefixLength > max)
            throw new IllegalArgumentException("prefix /" + prefixLength + " (expected: 1.." + max + ")");
    }

    /** Parses {@code 198.18.0.1/24}. No DNS. */
    public static LinkAddress parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) throw new IllegalArgumentException("'" + text + "' has no prefix length (expected: 198.18.0.1/24)");
        try {
            return new LinkAddress(IpPrefix.literal(text.substring(0, slash)), Integer.parseInt(text.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has a bad prefix length (expected: 198.18.0.1/24)");
        }
    }

    public IpFamily family() {
        return IpFamily.ofLength(address.getAddress().length);
    }

    @Override
    public String toString() {
        return AddressText.of(address) + "/" + prefixLength;
    }
}
