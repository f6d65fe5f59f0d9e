package org.ikd.esp.sad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * RFC 4303 §3.4.3 and Appendix A. The window of size W accepts a sequence number N when N is
 * above the highest authenticated T, or when T - W < N <= T and N was not seen. With ESN the
 * receiver infers the high half (A2.2): with Bl = Tl - W + 1, case A (Tl >= W - 1) maps
 * Seql >= Bl to Th and smaller values to Th + 1 (the low half wrapped); case B (Tl < W - 1) maps
 * Seql >= Bl to Th - 1 (behind the wrap) and smaller values to Th. Expected values below are
 * worked out by hand from those rules.
 */
class ReplayWindowTest {
    private static boolean receive(ReplayWindow w, long seq) {
        return w.check(seq) && w.update(seq);
    }

    @Test
    void acceptsNewAndUnseenInWindowRejectsDuplicatesAndOld() {
        ReplayWindow w = new ReplayWindow(128, false);
        assertFalse(w.check(0), "sequence number 0 is never sent");
        assertTrue(receive(w, 1));
        assertFalse(receive(w, 1), "duplicate");
        assertTrue(receive(w, 200));
        assertTrue(receive(w, 100), "behind by 100 < 128 and unseen");
        assertFalse(receive(w, 100), "now seen");
        assertTrue(receive(w, 73), "behind by 127: the left edge");
        assertFalse(w.check(72), "behind by 128: left of the window");
        assertTrue(receive(w, 199));
        assertEquals(200, w.highest());
    }

    @Test
    void checkDoesNotMarkOnlyUpdateDoes() {
        ReplayWindow w = new ReplayWindow(64, false);
        assertTrue(w.check(5));
        assertTrue(w.check(5), "a packet that fails its ICV must not consume its number");
        assertTrue(w.update(5));
        assertFalse(w.check(5));
        assertFalse(w.update(5), "update is the authoritative test-and-set");
    }

    @Test
    void slidingFarClearsOldBitsAndWrapsTheRing() {
        ReplayWindow w = new ReplayWindow(128, false);
        for (long s = 1; s <= 1000; s += 2) assertTrue(receive(w, s));
        for (long s = 1000 - 127; s <= 1000; s++) assertEquals(s % 2 == 0, w.check(s), "seq " + s);
        assertTrue(receive(w, 100_000));
        for (long s = 100_000 - 127; s < 100_000; s++) assertTrue(w.check(s), "fresh after a jump: " + s);
        assertFalse(w.check(100_000 - 128));
    }

    @Test
    void largeWindowOf4096() {
        ReplayWindow w = new ReplayWindow(4096, false);
        assertTrue(receive(w, 5000));
        assertTrue(receive(w, 905), "behind by 4095");
        assertFalse(w.check(904), "behind by 4096");
        for (long s = 906; s < 5000; s++) assertTrue(receive(w, s));
        for (long s = 905; s <= 5000; s++) assertFalse(w.check(s));
        assertTrue(receive(w, 5001 + 4096));
        assertFalse(w.check(5001), "slid out");
        assertTrue(w.check(5002));
    }

    @Test
    void thirtyTwoBitSpaceEndsAtTheLastNumber() {
        ReplayWindow w = new ReplayWindow(128, false);
        assertTrue(receive(w, 0xffffffffL));
        assertEquals(5L, w.infer(5), "without ESN nothing is inferred: 5 is far behind");
        assertFalse(w.check(w.infer(5)));
    }

    @Test
    void esnInferenceCaseAWindowInOneSubspace() {
        ReplayWindow w = new ReplayWindow(64, true);
        assertTrue(receive(w, 0x1_000003e8L));                       // Th = 1, Tl = 1000, Bl = 937
        assertEquals(0x1_000003b6L, w.infer(950), "Seql >= Bl -> Th");
        assertEquals(0x1_000003a9L, w.infer(937), "the window's bottom -> Th");
        assertEquals(0x2_000003a8L, w.infer(936), "Seql < Bl -> Th + 1 (the low half wrapped)");
        assertEquals(0x2_00000005L, w.infer(5));
    }

    @Test
    void esnInferenceCaseBWindowStraddlesTheWrap() {
        ReplayWindow w = new ReplayWindow(64, true);
        assertTrue(receive(w, 0x1_0000000aL));                       // Th = 1, Tl = 10, Bl = 10 - 63 = 0xffffffcb
        assertEquals(0x0_fffffff0L, w.infer(0xfffffff0), "Seql >= Bl -> Th - 1 (just before the wrap)");
        assertEquals(0x1_00000005L, w.infer(5), "Seql < Bl -> Th");
        assertEquals(0x1_00000064L, w.infer(100), "ahead of the top, same subspace");
        assertTrue(receive(w, w.infer(0xfffffff0)), "in the window across the wrap");
        assertFalse(receive(w, w.infer(0xfffffff0)));
        assertEquals(0x1_ffffffcaL, w.infer(0xffffffca), "Bl - 1 -> Th: far ahead, to be proven by the ICV");
    }

    @Test
    void esnCarriesIntoTheNextSubspace() {
        ReplayWindow w = new ReplayWindow(128, true);
        assertTrue(receive(w, 0xfffffff0L));
        long next = w.infer(3);                                      // case A: 3 < Bl -> Th + 1
        assertEquals(0x1_00000003L, next);
        assertTrue(receive(w, next));
        assertTrue(receive(w, w.infer(0xfffffff5)), "still in the window, inferred as Th - 1 (case B now)");
        assertEquals(0x1_00000003L, w.highest());
    }

    @Test
    void esnBeforeTheFirstSubspaceIsInvalid() {
        ReplayWindow w = new ReplayWindow(64, true);
        assertEquals(1L, w.infer(1));
        assertEquals(0L, w.infer(0xfffffff0), "case B with Th = 0 has no Th - 1");
        assertFalse(w.check(0));
    }

    @Test
    void disabledWindowAcceptsRepeatsButStillTracksTheTop() {
        ReplayWindow w = new ReplayWindow(0, true);
        assertTrue(receive(w, 7));
        assertTrue(receive(w, 7));
        assertTrue(receive(w, 0x1_00000000L + 5));
        assertEquals(0x1_00000006L, w.infer(6));
    }

    @Test
    void racingPumpsNeverAcceptTheSameNumberTwice() throws Exception {
        ReplayWindow w = new ReplayWindow(4096, false);
        AtomicInteger accepted = new AtomicInteger();
        Runnable pump = () -> {
            for (long s = 1; s <= 50_000; s++) if (w.check(s) && w.update(s)) accepted.incrementAndGet();
        };
        Thread a = new Thread(pump);
        Thread b = new Thread(pump);
        a.start();
        b.start();
        a.join();
        b.join();
        assertEquals(50_000, accepted.get());
    }
}
