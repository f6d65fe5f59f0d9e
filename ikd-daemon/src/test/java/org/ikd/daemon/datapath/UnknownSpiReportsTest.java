package org.ikd.daemon.datapath;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pumps' side of issue 15: a stream of bad-SPI packets reaches IKE once a second per source, 20 a second in all. */
class UnknownSpiReportsTest {
    private final AtomicLong clock = new AtomicLong(TimeUnit.SECONDS.toNanos(100));
    private final List<String> handed = new ArrayList<>();
    private final UnknownSpiReports reports = new UnknownSpiReports(clock::get,
            (peer, local, spi) -> handed.add(peer.getHostAddress() + ">" + local.getHostAddress() + ":" + Integer.toHexString(spi)));

    private static InetAddress at(String a) throws Exception {
        return InetAddress.getByName(a);
    }

    @Test
    void aStreamFromOneSourceIsHandedOverOncePerSecond() throws Exception {
        for (int i = 0; i < 1000; i++) reports.fromUdp(at("198.18.0.1"), at("198.18.0.2"), 0xc0ffee);
        assertEquals(List.of("198.18.0.1>198.18.0.2:c0ffee"), handed);
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));
        reports.fromUdp(at("198.18.0.1"), at("198.18.0.2"), 0xc0ffee);
        assertEquals(1, handed.size());
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        reports.fromUdp(at("198.18.0.1"), at("198.18.0.2"), 0xc0ffee);
        assertEquals(2, handed.size());
    }

    @Test
    void manySourcesAreCappedAtTwentyASecond() throws Exception {
        for (int i = 1; i <= 200; i++) reports.fromUdp(at("198.18.1." + i), at("198.18.0.2"), i);
        assertEquals(UnknownSpiReports.PER_SECOND, handed.size());
    }
}
