package org.ikd.daemon.control;

import java.util.ArrayList;
import java.util.List;
import org.ikd.core.policy.Filter;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.PortRange;
import org.ikd.core.policy.Rule;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Selector;

/**
 * {@code ikdctl show filters}: Windows' "specific filters", every filter of every rule with its
 * mirror expanded, in the order the SPD tries them (rule priority, then filter order).
 */
public record FilterTable(List<Entry> filters) {
    public FilterTable {
        filters = filters == null ? List.of() : List.copyOf(filters);
    }

    /**
     * One SPD entry. Ports read {@code any}, a number or a range; {@code protocol} reads
     * {@code any}, {@code icmp}, {@code tcp}, {@code udp} or the IP protocol number.
     *
     * @param index  1-based position in the SPD
     * @param mirror true for the reverse copy of a mirrored filter
     */
    public record Entry(int index, String rule, String source, String sourcePorts, String destination,
                        String destinationPorts, String protocol, String action, boolean mirror, boolean dynamic) {
    }

    public static FilterTable from(Policy policy) {
        List<Entry> out = new ArrayList<>();
        for (Rule rule : policy.rules()) {
            for (Filter f : rule.filterList().filters()) {
                boolean mirror = false;
                for (Selector s : f.expand()) {
                    out.add(new Entry(out.size() + 1, rule.name(), s.source().toString(), ports(s.sourcePorts()),
                            s.destination().toString(), ports(s.destinationPorts()), protocol(s.protocol()),
                            keyword(rule.action()), mirror, rule.dynamic()));
                    mirror = true;
                }
            }
        }
        return new FilterTable(out);
    }

    static String keyword(FilterAction action) {
        if (action instanceof FilterAction.Permit) return "permit";
        if (action instanceof FilterAction.Block) return "block";
        return "negotiate";
    }

    private static String ports(PortRange p) {
        return p.toString();
    }

    /** IANA protocol numbers: 1 ICMP, 6 TCP, 17 UDP, 58 IPv6-ICMP. */
    static String protocol(int p) {
        if (p == Selector.ANY_PROTOCOL) return "any";
        if (p == 1) return "icmp";
        if (p == 6) return "tcp";
        if (p == 17) return "udp";
        if (p == 58) return "ipv6-icmp";
        return Integer.toString(p);
    }
}
