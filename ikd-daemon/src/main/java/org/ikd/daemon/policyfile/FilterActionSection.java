package org.ikd.daemon.policyfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.ikd.core.crypto.DhGroupId;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.SecurityMethod;

/**
 * {@code [filter-actions.NAME]}: permit, block, or negotiate with ordered security methods
 * (ESP, AH or AH+ESP, RFC 2407 §4.4), session-key PFS (RFC 2409 §5.5), accept-unsecured and
 * fallback-to-clear. {@code permit} and {@code block} exist without being defined.
 */
final class FilterActionSection {
    static final List<String> KEYS = List.of("action", "methods", "pfs", "accept-unsecured", "fallback-to-clear");
    static final List<String> METHOD_KEYS = List.of("esp", "ah", "lifetime", "lifetime-kb");
    static final List<String> ACTIONS = List.of("permit", "block", "negotiate");
    /** Used when a negotiate action lists no methods: AES-GCM (RFC 4106), then AES-CBC with HMAC-SHA-256 and -SHA-1. */
    static final List<String> DEFAULT_ESP = List.of("aes128gcm16", "aes128-sha256", "aes128-sha1");

    private final AlgorithmNames names;
    private final Diagnostics log;
    private final DhGroupId mainModeGroup;
    final Map<String, Location> defined = new LinkedHashMap<>();
    final Map<String, FilterAction> parsed = new LinkedHashMap<>();

    /** @param mainModeGroup the group {@code pfs = true} means: that of the first Main Mode method */
    FilterActionSection(AlgorithmNames names, Diagnostics log, DhGroupId mainModeGroup) {
        this.names = names;
        this.log = log;
        this.mainModeGroup = mainModeGroup == null ? DhGroupId.MODP_2048 : mainModeGroup;
    }

    void parse(Optional<TomlSection> section) {
        section.ifPresent(s -> s.namedTables().forEach(this::action));
        if (!defined.containsKey("permit")) parsed.put("permit", new FilterAction.Permit("permit"));
        if (!defined.containsKey("block")) parsed.put("block", new FilterAction.Block("block"));
    }

    /** Names a rule may refer to: defined ones and the predefined permit and block. */
    List<String> names() {
        List<String> all = new ArrayList<>(defined.keySet());
        for (String builtIn : List.of("permit", "block")) if (!all.contains(builtIn)) all.add(builtIn);
        return all;
    }

    boolean isDefined(String name) {
        return defined.containsKey(name) || name.equals("permit") || name.equals("block");
    }

    private void action(TomlSection s) {
        String name = s.name();
        defined.put(name, s.at());
        int before = log.errorCount();
        if (!FilterListSection.validName(name)) log.error(s.at(), "bad filter action name '" + name + "'", FilterListSection.NAME_FORM);
        s.allowOnly(KEYS);
        String kind = s.requiredString("action", "action = \"permit\", \"block\" or \"negotiate\"")
                .map(i -> kind(i)).orElse(null);
        if (kind == null) return;
        if ((name.equals("permit") || name.equals("block")) && !kind.equals(name))
            log.error(s.at("action"), "'" + name + "' is predefined as action = \"" + name + "\"", "another name for this action");
        FilterAction a = switch (kind) {
            case "permit" -> onlyAction(s) ? new FilterAction.Permit(name) : null;
            case "block" -> onlyAction(s) ? new FilterAction.Block(name) : null;
            default -> negotiate(s, name);
        };
        if (a != null && log.errorCount() == before) parsed.put(name, a);
    }

    private String kind(TomlSection.Item item) {
        String k = item.value().trim().toLowerCase(Locale.ROOT);
        if (ACTIONS.contains(k)) return k;
        log.unknown(item.at(), "action", item.value(), ACTIONS);
        return null;
    }

    private boolean onlyAction(TomlSection s) {
        boolean ok = true;
        for (String key : s.keys()) {
            if (key.equals("action") || !KEYS.contains(key)) continue;
            log.error(s.at(key), "'" + key + "' applies only to action = \"negotiate\"", "remove it, or make the action negotiate");
            ok = false;
        }
        return ok;
    }

    private FilterAction.Negotiate negotiate(TomlSection s, String name) {
        List<SecurityMethod> methods = new ArrayList<>();
        if (s.has("methods")) {
            List<TomlSection> tables = s.tables("methods");
            if (tables.isEmpty() && s.raw("methods") instanceof org.tomlj.TomlArray a && a.isEmpty())
                log.error(s.at("methods"), "no security method", "at least one, e.g. { esp = \"aes128gcm16\" }");
            for (TomlSection m : tables) {
                securityMethod(m).ifPresent(sm -> {
                    if (methods.contains(sm)) log.error(m.at(), sm + " is listed twice", "each method once");
                    else methods.add(sm);
                });
            }
        } else {
            methods.addAll(defaultNegotiate(name).methods());
        }
        DhGroupId pfs = pfs(s);
        boolean fallback = s.bool("fallback-to-clear", false);
        if (fallback)
            log.warn(s.at("fallback-to-clear"), "traffic to a peer that does not answer IKE is sent in the clear");
        if (methods.isEmpty()) return null;
        return new FilterAction.Negotiate(name, methods, pfs != null, pfs, s.bool("accept-unsecured", false), fallback);
    }

    /** The action the default response uses when it names none: {@link #DEFAULT_ESP}, no PFS. */
    FilterAction.Negotiate defaultNegotiate(String name) {
        List<SecurityMethod> methods = new ArrayList<>();
        for (String esp : DEFAULT_ESP) methods.add(esp(esp).orElseThrow());
        return new FilterAction.Negotiate(name, methods, false, null, false, false);
    }

    private DhGroupId pfs(TomlSection s) {
        Object v = s.raw("pfs");
        if (v == null || Boolean.FALSE.equals(v)) return null;
        if (Boolean.TRUE.equals(v)) return mainModeGroup;
        if (v instanceof String g) {
            Optional<DhGroupId> group = names.group(g);
            if (group.isEmpty()) log.unknown(s.at("pfs"), "PFS group", g, names.groupNames());
            return group.orElse(null);
        }
        s.typeError(s.at("pfs"), v, "false, true (the first Main Mode method's group) or a group like \"modp2048\"");
        return null;
    }

    private Optional<SecurityMethod> securityMethod(TomlSection m) {
        int before = log.errorCount();
        m.allowOnly(METHOD_KEYS);
        Optional<TomlSection.Item> espItem = m.string("esp");
        Optional<TomlSection.Item> ahItem = m.string("ah");
        if (!m.has("esp") && !m.has("ah"))
            log.error(m.at(), "a security method needs esp, ah or both", "{ esp = \"aes128gcm16\" }, { ah = \"sha1\" } or { ah = \"sha1\", esp = \"3des\" }");
        IntegrityAlgorithm ah = ahItem.flatMap(i -> {
            Optional<IntegrityAlgorithm> a = names.integrity(i.value());
            if (a.isEmpty()) log.unknown(i.at(), "AH integrity algorithm", i.value(), names.integrityNames());
            return a;
        }).orElse(null);
        Optional<EspChoice> esp = espItem.flatMap(i -> espChoice(i, ahItem.isPresent()));
        long seconds = m.seconds("lifetime", SecurityMethod.DEFAULT_SECONDS, 10);
        long kilobytes = m.integer("lifetime-kb", SecurityMethod.DEFAULT_KILOBYTES, 0, Long.MAX_VALUE / 1024);
        if (log.errorCount() > before) return Optional.empty();
        EspChoice e = esp.orElse(new EspChoice(null, 0, null));
        return Optional.of(new SecurityMethod(e.cipher, e.keyBits, e.integrity, ah, seconds, kilobytes));
    }

    private record EspChoice(EspCipher cipher, int keyBits, IntegrityAlgorithm integrity) {}

    /** {@code cipher[-integrity]}; reports unknown names and combinations RFC 4303 §3.2 / RFC 4106 refuse. */
    private Optional<EspChoice> espChoice(TomlSection.Item item, boolean withAh) {
        String[] parts = item.value().trim().split("-", -1);
        if (parts.length > 2) {
            log.error(item.at(), "ESP '" + item.value() + "' has more than cipher-integrity; a PFS group goes in the action's pfs key",
                    "e.g. esp = \"aes128-sha256\" and pfs = \"modp2048\"");
            return Optional.empty();
        }
        Optional<AlgorithmNames.Keyed<EspCipher>> cipher = names.espCipher(parts[0]);
        Optional<IntegrityAlgorithm> integrity = parts.length == 2 ? names.integrity(parts[1]) : Optional.empty();
        if (cipher.isEmpty()) log.unknown(item.at(), "ESP cipher", parts[0], names.espCipherNames());
        if (parts.length == 2 && integrity.isEmpty()) log.unknown(item.at(), "ESP integrity algorithm", parts[1], names.integrityNames());
        if (cipher.isEmpty() || (parts.length == 2 && integrity.isEmpty())) return Optional.empty();
        EspCipher c = cipher.get().algorithm();
        if (c.isAead() && integrity.isPresent()) {
            log.error(item.at(), "ESP " + parts[0] + " is a combined mode (RFC 4106) and takes no integrity algorithm",
                    "esp = \"" + parts[0] + "\"");
            return Optional.empty();
        }
        if (!c.isAead() && integrity.isEmpty() && !withAh) {
            log.error(item.at(), "ESP " + parts[0] + " without integrity is unauthenticated (RFC 4303 §3.2)",
                    "esp = \"" + parts[0] + "-sha256\", or ah = \"sha256\" with it");
            return Optional.empty();
        }
        if (c == EspCipher.NULL) log.warn(item.at(), "ESP null encrypts nothing (RFC 2410): integrity only");
        if (c == EspCipher.DES_CBC) log.warn(item.at(), "ESP des has a 56-bit key: use it only for an old peer");
        return Optional.of(new EspChoice(c, cipher.get().keyBits(), integrity.orElse(null)));
    }

    private Optional<SecurityMethod> esp(String spec) {
        return espChoice(new TomlSection.Item(spec, Location.FILE), false)
                .map(e -> new SecurityMethod(e.cipher, e.keyBits, e.integrity, null, SecurityMethod.DEFAULT_SECONDS, SecurityMethod.DEFAULT_KILOBYTES));
    }
}
