package org.ikd.daemon.policyfile;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;
import org.ikd.core.policy.AddressText;

/**
 * Parses {@code local-id}/{@code peer-id}: a prefix ({@code ip:}, {@code fqdn:}, {@code email:},
 * {@code dn:}, {@code keyid:} in hex, {@code group:} a Cisco-style group name, sent as a KEY_ID of its
 * ASCII octets, RFC 2407 §4.6.2.1) or, without one, an IP address, a DN (has '='), an e-mail address
 * (has '@') or a host name, as strongSwan guesses.
 */
final class IdentitySyntax {
    static final String FORMS = "198.18.0.2, fqdn:gw.example.net, email:admin@example.net, dn:C=DE, O=Lab, CN=gw, keyid:0a0b0c or group:vpngroup";

    private IdentitySyntax() {}

    static Optional<IkeIdentity> parse(TomlSection.Item item, Diagnostics log) {
        String text = item.value().trim();
        int colon = text.indexOf(':');
        String prefix = colon < 0 ? "" : text.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = colon < 0 ? text : text.substring(colon + 1).trim();
        switch (prefix) {
            case "ip":
                return address(new TomlSection.Item(rest, item.at()), log);
            case "fqdn":
                return named(IkeIdentity.Type.FQDN, rest, item, log);
            case "email":
                return named(IkeIdentity.Type.USER_FQDN, rest, item, log);
            case "dn":
                return named(IkeIdentity.Type.DER_ASN1_DN, rest, item, log);
            case "group":
                if (!rest.isEmpty() && rest.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f))
                    return Optional.of(new IkeIdentity(IkeIdentity.Type.KEY_ID, java.util.HexFormat.of().formatHex(
                            rest.getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
                log.error(item.at(), "group name '" + rest + "' is empty or not printable ASCII", "group:vpngroup, the name the clients send as their KEY_ID");
                return Optional.empty();
            case "keyid":
                if (rest.matches("(?:[0-9A-Fa-f]{2})+")) return Optional.of(new IkeIdentity(IkeIdentity.Type.KEY_ID, rest.toLowerCase(Locale.ROOT)));
                log.error(item.at(), "key ID '" + rest + "' is not hex", "keyid: followed by an even number of hex digits");
                return Optional.empty();
            default:
                if (prefix.matches("[a-z][a-z0-9-]*") && !prefix.matches("[0-9a-f]{1,4}")) {
                    log.unknown(item.at(), "identity type", prefix + ":", java.util.List.of("ip:", "fqdn:", "email:", "dn:", "keyid:", "group:"));
                    return Optional.empty();
                }
                return guess(text, item, log);
        }
    }

    private static Optional<IkeIdentity> guess(String text, TomlSection.Item item, Diagnostics log) {
        if (text.isEmpty()) {
            log.error(item.at(), "empty identity", FORMS);
            return Optional.empty();
        }
        if (text.indexOf('=') >= 0) return Optional.of(new IkeIdentity(IkeIdentity.Type.DER_ASN1_DN, text));
        if (text.matches("[0-9.]+") || text.indexOf(':') >= 0) return address(item, log);
        if (text.indexOf('@') > 0) return Optional.of(new IkeIdentity(IkeIdentity.Type.USER_FQDN, text));
        String name = text.startsWith("@") ? text.substring(1) : text;
        return named(IkeIdentity.Type.FQDN, name, item, log);
    }

    private static Optional<IkeIdentity> address(TomlSection.Item item, Diagnostics log) {
        Optional<InetAddress> a = AddressSyntax.address(item, log);
        return a.map(x -> new IkeIdentity(x.getAddress().length == 4 ? IkeIdentity.Type.IPV4_ADDR : IkeIdentity.Type.IPV6_ADDR,
                AddressText.of(x)));
    }

    private static Optional<IkeIdentity> named(IkeIdentity.Type type, String value, TomlSection.Item item, Diagnostics log) {
        if (value.isEmpty()) {
            log.error(item.at(), "empty " + type.prefix() + " identity", FORMS);
            return Optional.empty();
        }
        return Optional.of(new IkeIdentity(type, value));
    }
}
