package org.ikd.esp;

import java.util.EnumMap;
import java.util.Map;

/** Aggregated counters at one moment (per-pump counters are summed; they may lag a little). */
public record StatisticsSnapshot(Map<IpsecStatistic, Long> statistics, Map<DropReason, Long> drops) {
    public StatisticsSnapshot {
        statistics = Map.copyOf(new EnumMap<>(statistics));
        drops = Map.copyOf(new EnumMap<>(drops));
    }

    public long get(IpsecStatistic s) {
        return statistics.getOrDefault(s, 0L);
    }

    public long drops(DropReason r) {
        return drops.getOrDefault(r, 0L);
    }

    /** {@code netsh}-style lines: "Bad SPI Packets                 3". */
    public String render() {
        StringBuilder b = new StringBuilder();
        for (IpsecStatistic s : IpsecStatistic.values())
            b.append(String.format("%-32s %d%n", s.displayName(), get(s)));
        for (DropReason r : DropReason.values())
            if (drops(r) > 0) b.append(String.format("%-32s %d%n", "Dropped: " + r.name().toLowerCase(), drops(r)));
        return b.toString();
    }
}
