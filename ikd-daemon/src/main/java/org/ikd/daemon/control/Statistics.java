package org.ikd.daemon.control;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ikdctl show stats}: the IKE and IPsec counters, and the data plane's dropped packets
 * by reason (the {@code DropReason} names, e.g. {@code bad-spi}, {@code replay}, {@code blocked});
 * the daemon's version and uptime; after {@code ikdctl stats --reset}, the counters count from
 * that moment ({@code secondsSinceReset}), while gauges (SAs, queues) always show the present.
 */
public record Statistics(IkeStatistics ike, IpsecStatistics ipsec, Map<String, Long> drops, String version,
                         long uptimeSeconds, Long secondsSinceReset) {
    public Statistics {
        drops = drops == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(drops));
    }

    public Statistics(IkeStatistics ike, IpsecStatistics ipsec, Map<String, Long> drops) {
        this(ike, ipsec, drops, null, 0, null);
    }
}
