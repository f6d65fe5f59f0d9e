package org.ikd.daemon.policyfile;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.FilterAction;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/**
 * {@code [[rules]]}, in priority order: a filter list, a filter action, authentication methods,
 * an optional tunnel endpoint, and the daemon-side options (identities, DPD, NAT-T, replay window).
 */
final class RuleSection {
    static final List<String> KEYS = List.of("name", "description", "enabled", "filter-list", "filter-action",
            "authentication", "tunnel", "local-id", "peer-id", "dpd", "nat-traversal", "nat-keepalive", "replay-window", "aggressive", "remote-access", "xauth-login");
    /** Keys that mean something only when the filter action negotiates. */
    static final List<String> NEGOTIATE_KEYS = List.of("authentication", "tunnel", "local-id", "peer-id", "dpd", "nat-traversal", "nat-keepalive",
            "replay-window", "aggressive", "remote-access", "xauth-login");
    static final List<String> TUNNEL_KEYS = List.of("remote", "local");
    static final List<String> DPD_KEYS = List.of("delay", "timeout", "action");

    private final Diagnostics log;
    private final FilterListSection lists;
    private final FilterActionSection actions;
    private final AuthenticationSection authentication;
    final Map<String, Location> names = new LinkedHashMap<>();
    final Set<String> usedLists = new HashSet<>();
    final Set<String> usedActions = new HashSet<>();

    RuleSection(Diagnostics log, FilterListSection lists, FilterActionSection actions, AuthenticationSection authentication) {
        this.log = log;
        this.lists = lists;
        this.actions = actions;
        this.authentication = authentication;
    }

    List<ParsedRule> parse(TomlSection root) {
        List<ParsedRule> out = new ArrayList<>();
        if (root.raw("rules") instanceof TomlTable) {
            log.error(root.at("rules"), "rules is a single table", "[[rules]] (double brackets), one per rule");
            return out;
        }
        if (root.raw("rules") instanceof TomlArray a && a.size() > PolicyFileInput.MAX_RULES) {
            // rules = [ {...}, ... ] escapes PolicyFileInput's count of [[rules]] headers; refused before any rule is built
            log.error(root.at("rules"), a.size() + " rules; ikd loads at most " + PolicyFileInput.MAX_RULES
                    + " (limit of rules per policy: " + PolicyFileInput.WHY + ")", null);
            return out;
        }
        for (TomlSection r : root.tables("rules")) rule(r).ifPresent(out::add);
        return out;
    }

    private Optional<ParsedRule> rule(TomlSection r) {
        int before = log.errorCount();
        r.allowOnly(KEYS);
        String name = name(r);
        FilterListTemplate list = reference(r, "filter-list", "filter list", lists.defined.keySet(), lists.parsed, usedLists);
        FilterAction action = reference(r, "filter-action", "filter action", actions.names(), actions.parsed, usedActions);
        boolean negotiates = action instanceof FilterAction.Negotiate;
        int beforeAuth = log.errorCount();
        List<AuthenticationMethod> auth = authentication.parse(r, "authentication");
        boolean authBroken = log.errorCount() > beforeAuth;
        Optional<org.ikd.core.policy.RemoteAccess> remoteAccess = negotiates
                ? RemoteAccessSection.parse(r, authentication.base(), log) : Optional.empty();
        InetAddress[] tunnel = tunnel(r, r.has("remote-access"));
        Optional<org.ikd.core.policy.XauthLogin> login = negotiates
                ? RemoteAccessSection.login(r, authentication.base(), log) : Optional.empty();
        RuleOptions options = options(r).withRemoteAccess(remoteAccess.orElse(null), login.orElse(null));
        auth = CertificateIdentities.apply(r, auth, options, log);
        if (negotiates && options.aggressive()) AggressiveModeCheck.check(r, name, auth, log);
        boolean enabled = r.bool("enabled", true);
        if (negotiates && auth.isEmpty() && !authBroken)
            log.error(r.has("authentication") ? r.at("authentication") : r.at(), "rule '" + name + "' negotiates but has no authentication method",
                    "authentication = [ { psk-file = \"/etc/ikd/" + name + ".psk\" } ]");
        if (action != null && !negotiates) ignoredKeys(r, action);
        if (negotiates && list != null) checkQuickModePorts(r, list);
        if (log.errorCount() > before || name == null || list == null || action == null) return Optional.empty();
        return Optional.of(new ParsedRule(name, enabled, list, action, auth, tunnel[0], tunnel[1], options));
    }

    private String name(TomlSection r) {
        Optional<TomlSection.Item> item = r.requiredString("name", "name = \"peer-b\"");
        if (item.isEmpty()) return null;
        String name = item.get().value();
        if (!FilterListSection.validName(name)) {
            log.error(item.get().at(), "bad rule name '" + name + "'", FilterListSection.NAME_FORM);
            return null;
        }
        Location first = names.putIfAbsent(name, item.get().at());
        if (first != null) {
            log.error(item.get().at(), "duplicate rule name '" + name + "', first defined at line " + first.line(), "a unique name per rule");
            return null;
        }
        return name;
    }

    /** A reference to a named filter list or action: reports an undefined one with the nearest name. */
    private <T> T reference(TomlSection r, String key, String what, java.util.Collection<String> defined,
                            Map<String, T> parsed, Set<String> used) {
        Optional<TomlSection.Item> item = r.requiredString(key, key + " = \"NAME\", the name of a [" + key + "s.NAME] table");
        if (item.isEmpty()) return null;
        String name = item.get().value();
        used.add(name);
        if (!defined.contains(name)) {
            String known = defined.isEmpty() ? "none is defined" : String.join(", ", defined);
            String hint = DidYouMean.nearest(name, defined).map(s -> ", did you mean '" + s + "'?").orElse("");
            log.error(item.get().at(), "undefined " + what + " '" + name + "'" + hint, "one of the [" + key + "s.NAME] tables: " + known);
        }
        return parsed.get(name);
    }

    /** [remote, local]; both null for transport mode; a remote-access rule's remote is "any" (its road warriors roam). */
    private InetAddress[] tunnel(TomlSection r, boolean remoteAccess) {
        InetAddress[] out = new InetAddress[2];
        Object v = r.raw("tunnel");
        if (remoteAccess) return roadWarriorTunnel(r);
        if (v == null) return out;
        if (v instanceof String s) {
            out[0] = AddressSyntax.address(new TomlSection.Item(s, r.at("tunnel")), log).orElse(null);
            return out;
        }
        Optional<TomlSection> t = r.table("tunnel");
        if (t.isEmpty()) return out;
        t.get().allowOnly(TUNNEL_KEYS);
        out[0] = t.get().requiredString("remote", "remote = \"198.18.0.2\", the peer's tunnel endpoint")
                .flatMap(i -> AddressSyntax.address(i, log)).orElse(null);
        out[1] = t.get().string("local").flatMap(i -> AddressSyntax.address(i, log)).orElse(null);
        if (out[0] != null && out[1] != null && out[0].getAddress().length != out[1].getAddress().length)
            log.error(t.get().at("local"), "tunnel endpoints mix IPv4 and IPv6", "local and remote of one family");
        return out;
    }

    private InetAddress[] roadWarriorTunnel(TomlSection r) {
        InetAddress[] out = {org.ikd.core.policy.RemoteAccess.anyPeer(), null};
        Optional<TomlSection> t = r.raw("tunnel") instanceof String ? Optional.empty() : r.table("tunnel");
        if (t.isEmpty() || !"any".equals(t.get().string("remote").map(TomlSection.Item::value).orElse(null))) {
            log.error(r.has("tunnel") ? r.at("tunnel") : r.at(), "a remote-access rule tunnels to road warriors wherever they are",
                    "tunnel = { remote = \"any\", local = \"198.18.0.1\" }");
            return out;
        }
        t.get().allowOnly(TUNNEL_KEYS);
        out[1] = t.get().string("local").flatMap(i -> AddressSyntax.address(i, log)).orElse(null);
        return out;
    }

    private RuleOptions options(TomlSection r) {
        String description = r.string("description").map(TomlSection.Item::value).orElse("");
        IkeIdentity localId = r.string("local-id").flatMap(i -> IdentitySyntax.parse(i, log)).orElse(null);
        IkeIdentity peerId = r.string("peer-id").flatMap(i -> IdentitySyntax.parse(i, log)).orElse(null);
        DeadPeerDetection dpd = r.table("dpd").map(this::dpd).orElse(null);
        NatTraversalMode nat = natTraversal(r);
        int window = (int) r.integer("replay-window", RuleOptions.DEFAULT_REPLAY_WINDOW, 0, RuleOptions.MAX_REPLAY_WINDOW);
        if (r.has("replay-window") && window == 0)
            log.warn(r.at("replay-window"), "replay-window = 0 turns anti-replay off (RFC 4303 §3.4.3)");
        long keepalive = r.has("nat-keepalive") ? r.seconds("nat-keepalive", 20, 1) : 0;
        return new RuleOptions(description, localId, peerId, dpd, nat, window, keepalive, r.bool("aggressive", false));
    }

    private DeadPeerDetection dpd(TomlSection d) {
        int before = log.errorCount();
        d.allowOnly(DPD_KEYS);
        long delay = d.seconds("delay", DeadPeerDetection.DEFAULT_DELAY_SECONDS, 1);
        long timeout = d.seconds("timeout", DeadPeerDetection.DEFAULT_TIMEOUT_SECONDS, 1);
        // restart by default (issue 15): a tunnel configured with DPD is one that must stay up; clear
        // would leave a peer that was down for a moment (a crash and restart) cut off until it calls us
        DeadPeerDetection.Action action = DeadPeerDetection.Action.RESTART;
        Optional<TomlSection.Item> a = d.string("action");
        if (a.isPresent())
            action = keyword(a.get(), "DPD action", DeadPeerDetection.Action.values(), DeadPeerDetection.Action::keyword);
        if (timeout <= delay) {
            log.error(d.has("timeout") ? d.at("timeout") : d.at(), "DPD timeout " + timeout + "s is not longer than the delay " + delay + "s",
                    "timeout > delay, e.g. delay = \"30s\", timeout = \"150s\"");
        }
        return log.errorCount() > before ? null : new DeadPeerDetection(delay, timeout, action);
    }

    private NatTraversalMode natTraversal(TomlSection r) {
        Optional<TomlSection.Item> item = r.string("nat-traversal");
        if (item.isEmpty()) return NatTraversalMode.AUTO;
        NatTraversalMode m = keyword(item.get(), "nat-traversal mode", NatTraversalMode.values(), NatTraversalMode::keyword);
        return m == null ? NatTraversalMode.AUTO : m;
    }

    private <E> E keyword(TomlSection.Item item, String what, E[] values, java.util.function.Function<E, String> keyword) {
        String v = item.value().trim().toLowerCase(Locale.ROOT);
        List<String> known = new ArrayList<>();
        for (E e : values) {
            if (keyword.apply(e).equals(v)) return e;
            known.add(keyword.apply(e));
        }
        log.unknown(item.at(), what, item.value(), known);
        return null;
    }

    private void ignoredKeys(TomlSection r, FilterAction action) {
        for (String key : NEGOTIATE_KEYS)
            if (r.has(key))
                log.warn(r.at(key), "'" + key + "' is ignored: filter action '" + action.name() + "' does not negotiate");
    }

    /** RFC 2407 §4.6.2: a Quick Mode ID carries one port, so a negotiated filter cannot name a range. */
    private void checkQuickModePorts(TomlSection r, FilterListTemplate list) {
        for (FilterTemplate f : list.filters()) {
            for (var ports : List.of(f.sourcePorts(), f.destinationPorts())) {
                if (ports.isAny() || ports.isSingle()) continue;
                log.error(r.at("filter-list"), "filter list '" + list.name() + "' has the port range " + ports
                                + ", which an IKEv1 Quick Mode ID cannot carry (RFC 2407 §4.6.2)",
                        "one port or any in the filters of a negotiate rule");
                return;
            }
        }
    }
}
