package org.ikd.core.ike.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.EnginePair;
import org.ikd.core.ike.IkeEvent;
import org.junit.jupiter.api.Test;

/** The initiator tells the daemon how long its Quick Mode round trip took (the daemon scales its release delay to it). */
class QuickModeRoundTripTest {
    private static IkeEvent.QuickModeEstablished established(EnginePair.Side side) {
        List<IkeEvent.QuickModeEstablished> qm = side.events(IkeEvent.QuickModeEstablished.class);
        assertEquals(1, qm.size(), side + " events: " + side.events);
        return qm.get(0);
    }

    @Test
    void theInitiatorReportsTheTimeFromSendingQuickMode1ToReadingQuickMode2() {
        Peers.Side side = Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1));
        EnginePair pair = Peers.pair(side, side, Peers.config());
        pair.acquire(pair.a, new AcquireRequest("r1", side.flow(Peers.A, Peers.B), Peers.A, Peers.B));
        for (int i = 0; i < 5; i++) pair.deliverNext();                    // MM1..MM5
        pair.now = pair.now.plusMillis(50);                                // before QM#1: not part of the round trip
        pair.deliverNext();                                                // MM6; A sends QM#1 (HDR*, HASH(1), SA, Ni, IDci, IDcr -->)
        pair.now = pair.now.plusMillis(3);
        pair.deliverNext();                                                // QM1 at B; B sends QM#2
        pair.now = pair.now.plusMillis(4);
        pair.deliverNext();                                                // <-- HDR*, HASH(2), SA, Nr at A
        assertEquals(Duration.ofMillis(7), established(pair.a).quickModeRoundTrip());
        assertEquals(Duration.ZERO, established(pair.b).quickModeRoundTrip(), "the responder measures none");
    }

    @Test
    void aRoundTripThatRunsBackwardsCountsAsNone() {
        IkeEvent.QuickModeEstablished q = new IkeEvent.QuickModeEstablished(null, null, null, Duration.ofMillis(-5));
        assertEquals(Duration.ZERO, q.quickModeRoundTrip());
    }
}
