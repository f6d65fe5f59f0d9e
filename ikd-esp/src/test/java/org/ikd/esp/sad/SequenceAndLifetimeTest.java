package org.ikd.esp.sad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ikd.core.sa.SaLifetime;
import org.junit.jupiter.api.Test;

class SequenceAndLifetimeTest {
    @Test
    void sequenceNumbersStartAtOneAndNeverWrap() {
        SequenceCounter c = new SequenceCounter(false);
        assertEquals(1, c.next());                       // RFC 4303 §3.3.3
        assertEquals(2, c.next());
        c.skipTo(0xfffffffeL);
        assertEquals(0xffffffffL, c.next());
        assertTrue(c.exhausted());
        for (int i = 0; i < 5; i++) assertEquals(SequenceCounter.EXHAUSTED, c.next(), "sticky");
        c.skipTo(5);
        assertEquals(SequenceCounter.EXHAUSTED, c.next(), "skipTo never goes backwards");
    }

    @Test
    void extendedSequenceNumbersCrossTheThirtyTwoBitBoundary() {
        SequenceCounter c = new SequenceCounter(true);
        c.skipTo(0xffffffffL);
        assertEquals(0x1_00000000L, c.next());            // RFC 4304: 64-bit counter
        c.skipTo(Long.MAX_VALUE - 1);
        assertEquals(Long.MAX_VALUE, c.next());
        assertEquals(SequenceCounter.EXHAUSTED, c.next());
        assertEquals(SequenceCounter.EXHAUSTED, c.next());
    }

    @Test
    void byteLifetimeCrossesSoftOnceThenHardOnce() {
        LifetimeMeter m = new LifetimeMeter(new SaLifetime(0, 1000, 0, 600), 0);
        assertEquals(LifetimeMeter.Crossing.NONE, m.addBytes(500));
        assertEquals(LifetimeMeter.Crossing.SOFT, m.addBytes(100));
        assertEquals(LifetimeMeter.Crossing.NONE, m.addBytes(400));
        assertEquals(0, m.remainingBytes());
        assertEquals(LifetimeMeter.Crossing.HARD, m.addBytes(1));
        assertEquals(LifetimeMeter.Crossing.EXPIRED, m.addBytes(1));
        assertTrue(m.expired());
    }

    @Test
    void timeLifetimeIsJudgedAtTheGivenInstant() {
        long start = 5_000_000_000L;
        LifetimeMeter m = new LifetimeMeter(new SaLifetime(100, 0, 80, 0), start);
        assertEquals(LifetimeMeter.Crossing.NONE, m.checkTime(start + 79_999_999_999L));
        assertEquals(LifetimeMeter.Crossing.SOFT, m.checkTime(start + 80_000_000_000L));
        assertEquals(LifetimeMeter.Crossing.NONE, m.checkTime(start + 90_000_000_000L));
        assertEquals(10, m.remainingSeconds(start + 90_000_000_000L));
        assertFalse(m.expired());
        assertEquals(LifetimeMeter.Crossing.HARD, m.checkTime(start + 100_000_000_000L));
        assertEquals(LifetimeMeter.Crossing.EXPIRED, m.checkTime(start + 200_000_000_000L));
    }

    @Test
    void unlimitedLifetimeNeverCrosses() {
        LifetimeMeter m = new LifetimeMeter(SaLifetime.UNLIMITED, 0);
        assertEquals(LifetimeMeter.Crossing.NONE, m.addBytes(Long.MAX_VALUE / 2));
        assertEquals(LifetimeMeter.Crossing.NONE, m.checkTime(Long.MAX_VALUE / 2));
        assertEquals(Long.MAX_VALUE, m.remainingSeconds(0));
    }
}
