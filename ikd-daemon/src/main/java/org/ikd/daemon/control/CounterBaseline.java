package org.ikd.daemon.control;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code ikdctl stats --reset}, without writing a counter: the daemon keeps the counters as they
 * were at the reset and shows the difference. The engine's and data plane's counters stay
 * monotonic for everything else that reads them (rate limits, tests, the watchdog). Gauges, which
 * say how many of something exist now, are shown as they are.
 */
public final class CounterBaseline {
    /** Fields of IKE_STATISTICS and IPSEC_STATISTICS that are gauges, not counters. */
    static final Set<String> GAUGES = Set.of("activeAcquire", "activeReceive", "acquireHeapSize", "receiveHeapSize",
            "isadbListSize", "connListSize", "softAssociations", "numActiveAssociations", "numOffloadedSas",
            "numPendingKeyOps", "numActiveTunnels");

    private volatile Snapshot base;

    private record Snapshot(long atNanos, Statistics counters) {}

    /** Takes {@code now} as the new zero. */
    public void reset(Statistics now, long nowNanos) {
        base = new Snapshot(nowNanos, now);
    }

    /** {@code now} since the last reset, with the version and the uptime in seconds. */
    public Statistics since(Statistics now, String version, long uptime, long nowNanos) {
        Snapshot b = base;
        if (b == null) return new Statistics(now.ike(), now.ipsec(), now.drops(), version, uptime, null);
        Map<String, Long> drops = new HashMap<>(now.drops());
        b.counters().drops().forEach((k, v) -> drops.computeIfPresent(k, (key, n) -> n - v));
        drops.values().removeIf(v -> v <= 0);
        return new Statistics(minus(now.ike(), b.counters().ike()), minus(now.ipsec(), b.counters().ipsec()), drops,
                version, uptime, (nowNanos - b.atNanos()) / 1_000_000_000L);
    }

    /**
     * A record of counters: each long component minus the base's, a map of counters key by key
     * (a key gone to zero is left out), gauges as they are.
     */
    static <R extends Record> R minus(R now, R base) {
        try {
            RecordComponent[] cs = now.getClass().getRecordComponents();
            Object[] values = new Object[cs.length];
            Class<?>[] types = new Class<?>[cs.length];
            for (int i = 0; i < cs.length; i++) {
                Object n = cs[i].getAccessor().invoke(now);
                Object b = cs[i].getAccessor().invoke(base);
                types[i] = cs[i].getType();
                values[i] = GAUGES.contains(cs[i].getName()) ? n : difference(n, b);
            }
            @SuppressWarnings("unchecked")
            Constructor<R> c = (Constructor<R>) now.getClass().getDeclaredConstructor(types);
            return c.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(now.getClass().getSimpleName() + " is not a record of counters", e);
        }
    }

    private static Object difference(Object now, Object base) {
        if (now instanceof Long n && base instanceof Long b) return Math.max(0, n - b);
        if (now instanceof Map<?, ?> n && base instanceof Map<?, ?> b) {
            Map<Object, Long> out = new java.util.TreeMap<>();
            n.forEach((k, v) -> {
                long d = (Long) v - (b.get(k) instanceof Long old ? old : 0L);
                if (d > 0) out.put(k, d);
            });
            return out;
        }
        throw new IllegalArgumentException("not a counter: " + now);
    }
}
