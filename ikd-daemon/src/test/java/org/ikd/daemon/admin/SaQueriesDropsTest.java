package org.ikd.daemon.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumMap;
import java.util.Map;
import org.ikd.esp.DropReason;
import org.ikd.esp.IpsecStatistic;
import org.ikd.esp.StatisticsSnapshot;
import org.junit.jupiter.api.Test;

/** The "Dropped Packets" of {@code ikdctl show stats}: names as docs/operations.md lists them. */
class SaQueriesDropsTest {
    private static StatisticsSnapshot dataPlane(Map<DropReason, Long> drops) {
        Map<DropReason, Long> d = new EnumMap<>(DropReason.class);
        d.putAll(drops);
        return new StatisticsSnapshot(new EnumMap<>(IpsecStatistic.class), d);
    }

    @Test
    void listsTunReadsThatMadeNoPacketBesideTheDataPlanesMalformedPackets() {
        var drops = SaQueries.drops(dataPlane(Map.of(DropReason.MALFORMED, 2L, DropReason.BAD_SPI, 1L)), 0, 0, 3);
        assertEquals(Map.of("malformed", 2L, "bad-spi", 1L, "tun-malformed", 3L), drops);
    }

    @Test
    void listsEveryPumpCounterOnlyWhenItCountedSomething() {
        assertEquals(Map.of(), SaQueries.drops(dataPlane(Map.of()), 0, 0, 0));
        assertEquals(Map.of("acquire-queue", 4L, "dpd-cleared", 5L, "tun-malformed", 6L),
                SaQueries.drops(dataPlane(Map.of()), 4, 5, 6));
    }
}
