package org.ikd.daemon.policyfile;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ikd.core.policy.GroupPool;
import org.ikd.core.policy.RemoteAccess;
import org.ikd.core.policy.Subnet;
import org.ikd.core.crypto.Secret;
import org.ikd.core.policy.XauthLogin;
import org.ikd.core.policy.XauthUsers;

/**
 * A rule's {@code remote-access} table: the rule serves road warriors (XAUTH, then Mode-Config).
 * <pre>
 *   tunnel = { remote = "any", local = "198.18.0.1" }
 *   remote-access = { pool = "198.18.200.0/24", users-file = "users.xauth", dns = ["198.18.10.53"],
 *                     split-include = ["198.18.10.0/24"], xauth-attempts = 3 }
 * </pre>
 * The rule's filters are what its road warriors may reach (our side) and the pool (theirs).
 */
final class RemoteAccessSection {
    static final List<String> KEYS = List.of("pool", "users-file", "dns", "split-include", "xauth-attempts", "xauth", "mode-config", "group-pools", "pool6");
    static final List<String> LOGIN_KEYS = List.of("user", "password-file", "mode-config");
    static final int DEFAULT_ATTEMPTS = 3;

    private RemoteAccessSection() {}

    /**
     * A road warrior's rule: {@code xauth-login = { user = "alice", password-file = "alice.pass" }}, what it
     * answers its gateway's XAUTH request; the password file is private like a PSK file and read the same way.
     */
    static Optional<XauthLogin> login(TomlSection rule, Path base, Diagnostics log) {
        Optional<TomlSection> t = rule.table("xauth-login");
        if (t.isEmpty()) return Optional.empty();
        t.get().allowOnly(LOGIN_KEYS);
        Optional<TomlSection.Item> user = t.get().requiredString("user", "user = \"alice\", the XAUTH user name");
        // no password-file: the admin types it (ikdctl xauth-login RULE), kept in memory only
        Optional<TomlSection.Item> file = t.get().string("password-file");
        Optional<Secret> password = file.flatMap(i -> KeyFile.readPreSharedKey(base.resolve(i.value()).normalize(), i.at(), log));
        if (user.isEmpty() || file.isPresent() && password.isEmpty()) return Optional.empty();
        try {
            return Optional.of(new XauthLogin(user.get().value(), password.orElse(null), push(t.get())));
        } catch (IllegalArgumentException e) {
            log.error(user.get().at(), "bad XAUTH user name '" + user.get().value() + "'", "1..64 printable ASCII characters, no spaces");
            password.ifPresent(Secret::destroy);
            return Optional.empty();
        }
    }

    private static boolean pskIn(TomlSection rule) {
        return rule.tables("authentication").stream().anyMatch(e -> e.has("psk-file"));
    }

    /** The settings, or empty when absent or broken (reported). */
    static Optional<RemoteAccess> parse(TomlSection rule, Path base, Diagnostics log) {
        Optional<TomlSection> t = rule.table("remote-access");
        if (t.isEmpty()) return Optional.empty();
        TomlSection r = t.get();
        int before = log.errorCount();
        r.allowOnly(KEYS);
        Subnet pool = r.requiredString("pool", "pool = \"198.18.200.0/24\", the virtual addresses of the road warriors")
                .flatMap(i -> AddressSyntax.prefix(i, log, "an IPv4 prefix, e.g. 198.18.200.0/24")).orElse(null);
        if (pool != null && (!pool.isIpv4() || pool.prefix() > 30)) {
            log.error(r.at("pool"), "pool " + pool + " is not an IPv4 prefix of /30 or wider", "e.g. pool = \"198.18.200.0/24\"");
            pool = null;
        }
        List<InetAddress> dns = new ArrayList<>();
        for (TomlSection.Item i : r.strings("dns", true)) AddressSyntax.address(i, log).ifPresent(dns::add);
        List<Subnet> split = new ArrayList<>();
        for (TomlSection.Item i : r.strings("split-include", true))
            AddressSyntax.prefix(i, log, "a prefix behind the gateway, e.g. 198.18.10.0/24").ifPresent(split::add);
        int attempts = (int) r.integer("xauth-attempts", DEFAULT_ATTEMPTS, 1, RemoteAccess.MAX_ATTEMPTS);
        boolean xauth = r.bool("xauth", true);
        XauthUsers users = XauthUsers.NONE;
        if (xauth)
            users = r.requiredString("users-file", "users-file = \"/etc/ikd/users.xauth\", mode 0600, one name:password per line")
                    .flatMap(i -> XauthUserFile.read(base.resolve(i.value()).normalize(), i.at(), log)).orElse(null);
        else if (pskIn(rule))
            log.warn(r.at("xauth"), "xauth = false with a pre-shared key: whoever knows the group key gets an address;"
                    + " XAUTH (or certificates) is what tells road warriors apart");
        boolean push = push(r);
        List<GroupPool> groups = groups(r, log);
        Subnet pool6 = r.string("pool6").flatMap(i -> AddressSyntax.prefix(i, log, "an IPv6 prefix, e.g. 2001:db8:0:200::/64")).orElse(null);
        if (pool6 != null && (pool6.isIpv4() || pool6.prefix() < 64 || pool6.prefix() > 126)) {
            log.error(r.at("pool6"), "pool6 " + pool6 + " is not an IPv6 prefix of /64 to /126", "e.g. pool6 = \"2001:db8:0:200::/64\"");
            pool6 = null;
        }
        if (log.errorCount() > before || pool == null || users == null) return Optional.empty();
        return Optional.of(new RemoteAccess(pool, dns, split, attempts, users, xauth, push, groups, pool6));
    }

    /** {@code group-pools = [ { peers = "198.18.33.0/24", pool = "198.18.201.0/24" }, { peers = "dn:OU=Sales", ... } ]}. */
    private static List<GroupPool> groups(TomlSection r, Diagnostics log) {
        List<GroupPool> out = new ArrayList<>();
        for (TomlSection g : r.tables("group-pools")) {
            g.allowOnly(List.of("peers", "pool"));
            Optional<TomlSection.Item> peers = g.requiredString("peers", "peers = \"198.18.33.0/24\", \"fqdn:*.sales.example\" or \"dn:OU=Sales\"");
            Optional<Subnet> pool = g.requiredString("pool", "pool = \"198.18.201.0/24\"")
                    .flatMap(i -> AddressSyntax.prefix(i, log, "an IPv4 prefix, e.g. 198.18.201.0/24"));
            if (peers.isEmpty() || pool.isEmpty()) continue;
            try {
                out.add(new GroupPool(peers.get().value(), pool.get()));
            } catch (IllegalArgumentException e) {
                log.error(peers.get().at(), "group pool " + e.getMessage(), "an address prefix, fqdn:*.example, user_fqdn:*@example"
                        + " or dn:OU=Name, and an IPv4 pool of /30 or wider");
            }
        }
        return out;
    }

    /** {@code mode-config = "pull"} (the default: the client asks) or {@code "push"} (the gateway sends, draft-dukes-ike-mode-cfg-02 §3.2). */
    private static boolean push(TomlSection t) {
        Optional<TomlSection.Item> mode = t.string("mode-config");
        if (mode.isEmpty() || mode.get().value().equals("pull")) return false;
        if (mode.get().value().equals("push")) return true;
        t.log().error(mode.get().at(), "mode-config = \"" + mode.get().value() + "\"", "\"pull\" (the client asks) or \"push\" (the gateway sends)");
        return false;
    }
}
