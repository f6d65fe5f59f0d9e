package org.ikd.daemon.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CounterBaselineTest {
    @Test
    void countsFromTheResetAndKeepsGaugesAsTheyAre() {
        Statistics at = Fixtures.statistics();
        CounterBaseline b = new CounterBaseline();
        assertNull(b.since(at, "1", 5, 0).secondsSinceReset(), "no reset yet");
        b.reset(at, 1_000_000_000L);
        Statistics same = b.since(at, "1", 5, 4_000_000_000L);
        assertEquals(3, same.secondsSinceReset());
        assertEquals(0, same.ike().totalAcquire(), "a counter: 0 since the reset");
        assertEquals(at.ike().isadbListSize(), same.ike().isadbListSize(), "a gauge: as it is");
        assertEquals(at.ipsec().numActiveAssociations(), same.ipsec().numActiveAssociations());
        assertEquals(0, same.ipsec().confidentialBytesSent());
        assertEquals(Map.of(), same.drops(), "no drop since");
        assertEquals(Map.of(), same.ike().invalidPacketsByType());
        assertEquals("1", same.version());
        assertEquals(5, same.uptimeSeconds());
    }
}
