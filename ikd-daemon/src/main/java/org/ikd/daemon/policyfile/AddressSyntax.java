package org.ikd.daemon.policyfile;

import java.net.InetAddress;
import java.util.Optional;
import org.ikd.core.policy.Subnet;

/**
 * Addresses and prefixes as the policy file writes them: literals only, never a DNS lookup
 * (a policy must not depend on a resolver that IPsec itself may be protecting).
 */
final class AddressSyntax {
    static final String ADDRESS = "an IPv4 or IPv6 address, e.g. 198.18.0.2 or 2001:db8::2";
    static final String PREFIX = "an address (198.18.0.2), a prefix (198.18.0.0/15, 2001:db8::/32), me or any";

    private AddressSyntax() {}

    /** One address, no prefix. */
    static Optional<InetAddress> address(TomlSection.Item item, Diagnostics log) {
        String text = item.value();
        if (text.indexOf('/') >= 0) {
            log.error(item.at(), "'" + text + "' is a prefix where one address is needed", ADDRESS);
            return Optional.empty();
        }
        return prefix(item, log, ADDRESS).map(Subnet::network);
    }

    /**
     * No spaces and no leading zero in an IPv4 octet: inet_aton(3) reads "010" as octal 8, ip(8)
     * and Windows as decimal 10, so "198.018.0.010" means a different host to each tool.
     * IPv6 groups may keep their leading zeros (RFC 4291 §2.2: they are hexadecimal everywhere).
     */
    private static boolean unambiguous(TomlSection.Item item, Diagnostics log) {
        String text = item.value();
        if (!text.equals(text.strip()) || text.chars().anyMatch(Character::isWhitespace)) {
            log.error(item.at(), "'" + text + "' has spaces", "no spaces; fix: \"" + text.replaceAll("\\s", "") + "\"");
            return false;
        }
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        int v4 = address.lastIndexOf(':') + 1;                  // the dotted part, also of ::ffff:198.18.0.1
        if (address.indexOf('.', v4) < 0) return true;
        String[] octets = address.substring(v4).split("\\.", -1);
        boolean zero = false;
        for (int i = 0; i < octets.length; i++) {
            if (octets[i].length() > 1 && octets[i].startsWith("0") && octets[i].chars().allMatch(Character::isDigit)) {
                zero = true;
                octets[i] = octets[i].replaceFirst("^0+(?=.)", "");
            }
        }
        if (!zero) return true;
        String fixed = address.substring(0, v4) + String.join(".", octets) + (slash < 0 ? "" : text.substring(slash));
        log.error(item.at(), "'" + text + "' has an IPv4 octet with a leading zero, which inet_aton(3) reads as octal (010 is 8)",
                "decimal octets without leading zeros; fix: \"" + fixed + "\"");
        return false;
    }

    /** An address or a prefix whose host bits are clear. */
    static Optional<Subnet> prefix(TomlSection.Item item, Diagnostics log, String expected) {
        String text = item.value();
        if (!unambiguous(item, log)) return Optional.empty();
        int slash = text.indexOf('/');
        String addressPart = slash < 0 ? text : text.substring(0, slash);
        Subnet host;
        try {
            host = Subnet.parse(addressPart);
        } catch (IllegalArgumentException e) {
            if (addressPart.matches("[A-Za-z0-9.-]*[A-Za-z][A-Za-z0-9.-]*") && addressPart.indexOf(':') < 0)
                log.error(item.at(), "'" + text + "' is a name: the policy file takes addresses, ikd looks up no names", expected);
            else
                log.error(item.at(), "'" + text + "' is not an IP address or prefix", expected);
            return Optional.empty();
        }
        if (slash < 0) return Optional.of(host);
        int max = host.isIpv4() ? 32 : 128;
        String length = text.substring(slash + 1);
        if (!length.matches("\\d{1,3}") || Integer.parseInt(length) > max) {
            log.error(item.at(), "'" + text + "' has a bad prefix length", "/0../" + max);
            return Optional.empty();
        }
        Subnet prefix = Subnet.of(host.network(), Integer.parseInt(length));
        if (!prefix.network().equals(host.network())) {
            log.error(item.at(), "'" + text + "' has host bits set", "the network address, " + prefix);
            return Optional.empty();
        }
        return Optional.of(prefix);
    }
}
