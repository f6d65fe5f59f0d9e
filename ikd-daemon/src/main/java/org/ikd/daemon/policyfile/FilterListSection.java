package org.ikd.daemon.policyfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.ikd.core.policy.PortRange;
import org.ikd.core.policy.Selector;

/**
 * {@code [filter-lists.NAME]}: Windows IP filter lists. Each filter has a source and a
 * destination (address, prefix, {@code me} or {@code any}), a protocol, ports for TCP and UDP,
 * and {@code mirrored} (default true, as in Windows).
 */
final class FilterListSection {
    static final List<String> LIST_KEYS = List.of("filters");
    static final List<String> FILTER_KEYS = List.of("source", "destination", "protocol", "source-port", "destination-port", "mirrored");
    static final String NAME_FORM = "letters, digits, '.', '_' and '-', starting with a letter or digit";
    private static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    private static final String PORT_FORMS = "a port 0..65535, a range like \"1024-65535\", or \"any\"";
    /** IANA "Assigned Internet Protocol Numbers"; any other protocol by its number. */
    private static final Map<String, Integer> PROTOCOLS = protocols();

    private final Diagnostics log;
    /** Every list the file defines, broken or not, so that references to a broken list are not "undefined". */
    final Map<String, Location> defined = new LinkedHashMap<>();
    final Map<String, FilterListTemplate> parsed = new LinkedHashMap<>();

    FilterListSection(Diagnostics log) {
        this.log = log;
    }

    private static Map<String, Integer> protocols() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("any", Selector.ANY_PROTOCOL);
        m.put("icmp", 1);
        m.put("igmp", 2);
        m.put("tcp", 6);
        m.put("udp", 17);
        m.put("gre", 47);
        m.put("icmpv6", 58);
        m.put("sctp", 132);
        return java.util.Collections.unmodifiableMap(m);
    }

    static boolean validName(String name) {
        return name.matches(NAME_PATTERN);
    }

    void parse(Optional<TomlSection> section) {
        if (section.isEmpty()) return;
        for (TomlSection list : section.get().namedTables()) {
            String name = list.name();
            defined.put(name, list.at());
            if (!validName(name)) log.error(list.at(), "bad filter list name '" + name + "'", NAME_FORM);
            int before = log.errorCount();
            list.allowOnly(LIST_KEYS);
            List<FilterTemplate> filters = new ArrayList<>();
            List<TomlSection> tables = list.tables("filters");
            if (!list.has("filters"))
                log.error(list.at(), "filter list '" + name + "' has no filters", "filters = [ { source = \"me\", destination = \"198.18.0.2\" } ]");
            else if (tables.isEmpty() && list.raw("filters") instanceof org.tomlj.TomlArray a && a.isEmpty())
                log.error(list.at("filters"), "filter list '" + name + "' is empty", "at least one filter");
            for (TomlSection f : tables) filter(f).ifPresent(filters::add);
            if (log.errorCount() == before) parsed.put(name, new FilterListTemplate(name, filters));
        }
    }

    private Optional<FilterTemplate> filter(TomlSection f) {
        int before = log.errorCount();
        f.allowOnly(FILTER_KEYS);
        Endpoint src = endpoint(f, "source");
        Endpoint dst = endpoint(f, "destination");
        int protocol = protocol(f);
        PortRange srcPorts = ports(f, "source-port", protocol);
        PortRange dstPorts = ports(f, "destination-port", protocol);
        boolean mirrored = f.bool("mirrored", true);
        if (src instanceof Endpoint.Me && dst instanceof Endpoint.Me)
            log.error(f.at(), "source and destination are both 'me'", "'me' on one side at most");
        if (src instanceof Endpoint.Prefix s && dst instanceof Endpoint.Prefix d && s.subnet().isIpv4() != d.subnet().isIpv4())
            log.error(f.at("destination"), "filter mixes IPv4 and IPv6 (" + s + " -> " + d + ")", "both sides of one family");
        if (log.errorCount() > before) return Optional.empty();
        return Optional.of(new FilterTemplate(src, dst, protocol, srcPorts, dstPorts, mirrored));
    }

    private Endpoint endpoint(TomlSection f, String key) {
        Optional<TomlSection.Item> item = f.requiredString(key, AddressSyntax.PREFIX);
        if (item.isEmpty()) return null;
        String text = item.get().value().trim().toLowerCase(Locale.ROOT);
        if (text.equals("me")) return Endpoint.ME;
        if (text.equals("any")) return Endpoint.ANY;
        return AddressSyntax.prefix(item.get(), log, AddressSyntax.PREFIX).map(Endpoint.Prefix::new).orElse(null);
    }

    private int protocol(TomlSection f) {
        Object v = f.raw("protocol");
        String expected = "a name (" + String.join(", ", PROTOCOLS.keySet()) + ") or a number 0..255";
        if (v == null) return Selector.ANY_PROTOCOL;
        if (v instanceof Long n && n >= 0 && n <= 255) return n.intValue();
        if (v instanceof String s && s.matches("\\d{1,3}") && Integer.parseInt(s) <= 255) return Integer.parseInt(s);
        if (v instanceof String s && PROTOCOLS.containsKey(s.toLowerCase(Locale.ROOT))) return PROTOCOLS.get(s.toLowerCase(Locale.ROOT));
        if (v instanceof String s) log.unknown(f.at("protocol"), "protocol", s, List.copyOf(PROTOCOLS.keySet()));
        else f.typeError(f.at("protocol"), v, expected);
        return Selector.ANY_PROTOCOL;
    }

    private PortRange ports(TomlSection f, String key, int protocol) {
        Object v = f.raw(key);
        if (v == null) return PortRange.ANY;
        PortRange range = portRange(v);
        if (range == null) {
            if (v instanceof String || v instanceof Long) log.error(f.at(key), "bad port " + v, PORT_FORMS);
            else f.typeError(f.at(key), v, PORT_FORMS);
            return PortRange.ANY;
        }
        if (!range.isAny() && protocol != 6 && protocol != 17) {
            log.error(f.at(key), key + " needs protocol = \"tcp\" or \"udp\" (ports exist only for them)",
                    "protocol = \"tcp\" or \"udp\", or no " + key);
            return PortRange.ANY;
        }
        return range;
    }

    private static PortRange portRange(Object v) {
        if (v instanceof Long n) return n >= 0 && n <= 65535 ? PortRange.single(n.intValue()) : null;
        if (!(v instanceof String s)) return null;
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.equals("any")) return PortRange.ANY;
        if (t.matches("\\d{1,5}")) return portRange(Long.parseLong(t));
        if (!t.matches("\\d{1,5}-\\d{1,5}")) return null;
        int from = Integer.parseInt(t.substring(0, t.indexOf('-')));
        int to = Integer.parseInt(t.substring(t.indexOf('-') + 1));
        return from <= to && to <= 65535 ? new PortRange(from, to) : null;
    }
}
