package org.ikd.core.policy;

import java.util.Arrays;
import java.util.Locale;

/**
 * A pool of a remote-access rule for one group of road warriors, chosen by the Main Mode identity each
 * proved (RFC 2407 §4.6.2.1), as the logs show it ({@code 198.18.33.10}, {@code fqdn bob.sales.example},
 * {@code dn CN=bob,OU=Sales,O=Lab}). {@code peers} says who belongs:
 * <ul>
 * <li>{@code 198.18.33.0/24}: an address ID inside the prefix;
 * <li>{@code fqdn:*.sales.example}, {@code user_fqdn:*@sales.example}: a name ending so ({@code *} first), or equal;
 * <li>{@code dn:OU=Sales}: a distinguished name (a certificate's subject) with that RDN among its own.
 * </ul>
 */
public record GroupPool(String peers, Subnet pool) {
    public GroupPool {
        if (!pool.isIpv4() || pool.prefix() > 30) throw new IllegalArgumentException("pool " + pool + " (expected: an IPv4 /30 or wider)");
        if (kind(peers) == null) throw new IllegalArgumentException("peers '" + peers + "' (expected: "
                + "an address prefix, fqdn:*.example, user_fqdn:*@example or dn:OU=Name)");
    }

    /** True when the peer that proved {@code peerId} belongs to this group. */
    public boolean matches(String peerId) {
        if (peerId == null) return false;
        String kind = kind(peers);
        String want = peers.substring(peers.indexOf(':') + 1);
        return switch (kind) {
            case "prefix" -> !peerId.contains(" ") && inPrefix(peerId);
            case "fqdn", "user_fqdn" -> peerId.startsWith(kind + " ") && named(peerId.substring(kind.length() + 1), want);
            case "dn" -> peerId.startsWith("dn ") && Arrays.stream(peerId.substring(3).split(","))
                    .anyMatch(rdn -> rdn.trim().equalsIgnoreCase(want.trim()));
            default -> false;
        };
    }

    private boolean inPrefix(String address) {
        try {
            return Subnet.parse(peers).covers(Subnet.parse(address));          // literals only: never a DNS lookup
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean named(String got, String want) {
        String g = got.toLowerCase(Locale.ROOT);
        String w = want.toLowerCase(Locale.ROOT);
        return w.startsWith("*") ? g.endsWith(w.substring(1)) : g.equals(w);
    }

    private static String kind(String peers) {
        if (peers == null || peers.isEmpty()) return null;
        for (String k : new String[] {"fqdn", "user_fqdn", "dn"})
            if (peers.startsWith(k + ":") && peers.length() > k.length() + 1) return k;
        try {
            Subnet.parse(peers);
            return "prefix";
        } catch (RuntimeException e) {
            return null;
        }
    }
}
