package org.ikd.daemon.control;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ikdctl show stats}: the IKE and IPsec counters, and the data plane's dropped packets
 * by reason (the {@code DropReason} names, e.g. {@code bad-spi}, {@code replay}, {@code blocked}).
 */
public record Statistics(IkeStatistics ike, IpsecStatistics ipsec, Map<String, Long> drops) {
    public Statistics {
        drops = drops == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(drops));
    }
}
