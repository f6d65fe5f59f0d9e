package org.ikd.core.ike.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.EnginePair;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.sa.IpsecSaPair;
import org.junit.jupiter.api.Test;

/**
 * A Quick Mode whose HASH(3) never reaches the responder (RFC 2409 §5.5). The responder installed
 * its pair with QM#2; at the exchange's time-out (5 transmissions of QM#2, 31 s) it removes the pair
 * unless ESP arrived on it, which shows that the initiator has it and only HASH(3) was lost.
 */
class LostQuickMode3Test {
    EnginePair pair;

    /** Main Mode and QM#1, QM#2 go through; then nothing from A reaches B for {@code silence}. */
    IpsecSaPair quickMode3Lost(Duration silence) {
        Peers.Side side = Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1));
        pair = Peers.pair(side, side, Peers.config());
        pair.acquire(pair.a, new AcquireRequest("r1", side.flow(Peers.A, Peers.B), Peers.A, Peers.B));
        untilQuickMode2Read();
        for (long s = 0; s < silence.toSeconds(); s++) {
            nothingReachesB();
            pair.advance(Duration.ofSeconds(1));
        }
        pair.filter(d -> !d.remote().getAddress().equals(Peers.B));
        List<IkeEvent.QuickModeEstablished> installed = pair.b.events(IkeEvent.QuickModeEstablished.class);
        assertEquals(1, installed.size(), "B installed its pair with QM#2: " + pair.b.events);
        return installed.get(0).pair();
    }

    /** Delivers what goes to A; drops what goes to B: QM#3, and A's answers to B's retransmitted QM#2. */
    void nothingReachesB() {
        for (int n = 0; n < 100; n++) {
            pair.filter(d -> !d.remote().getAddress().equals(Peers.B));
            if (pair.network.isEmpty()) return;
            pair.deliverNext();
        }
        throw new AssertionError("the engines never stop talking");
    }

    /** Main Mode, QM#1 to B (which installs its pair and answers), QM#2 to A; QM#3 is then on its way. */
    void untilQuickMode2Read() {
        for (int i = 0; i < 20 && pair.b.events(IkeEvent.QuickModeEstablished.class).isEmpty(); i++) pair.deliverNext();
        pair.deliverNext();
        assertEquals(1, pair.a.events(IkeEvent.QuickModeEstablished.class).size(), "A read QM#2: " + pair.a.events);
    }

    static List<IkeEvent.SaDeleted> ipsecDeletes(EnginePair.Side side) {
        return side.events(IkeEvent.SaDeleted.class).stream().filter(d -> d.which() instanceof IkeEvent.IpsecSaRef).toList();
    }

    @Test
    void theResponderRemovesAnUnconfirmedPairAtTheTimeOut() {
        IpsecSaPair b = quickMode3Lost(Duration.ofSeconds(25));
        assertEquals(1, pair.b.engine.ipsecSas().size(), "before the time-out (31 s) the pair stays");
        assertTrue(ipsecDeletes(pair.b).isEmpty());
        pair.deliverAll();
        pair.advance(Duration.ofSeconds(10));
        List<IkeEvent.SaDeleted> deleted = ipsecDeletes(pair.b);
        assertEquals(1, deleted.size(), "B events: " + pair.b.events);
        assertEquals(b.id(), ((IkeEvent.IpsecSaRef) deleted.get(0).which()).pairId());
        assertEquals(IkeEvent.DeletedBy.LOCAL, deleted.get(0).by());
        assertEquals(0, pair.b.engine.ipsecSas().size());
        pair.deliverAll();                                                     // B's Delete (RFC 2408 §3.15)
        assertEquals(0, pair.a.engine.ipsecSas().size(), "A, which had the pair, deletes it on B's Delete");
        assertEquals(IkeEvent.DeletedBy.PEER, ipsecDeletes(pair.a).get(0).by());
    }

    @Test
    void aPairThePeerSendsOnIsKeptThoughHash3WasLost() {
        Peers.Side side = Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1));
        pair = Peers.pair(side, side, Peers.config());
        pair.b.engine.ipsecSas().watchInbound(id -> true);                   // the data plane saw ESP on it
        pair.acquire(pair.a, new AcquireRequest("r1", side.flow(Peers.A, Peers.B), Peers.A, Peers.B));
        untilQuickMode2Read();
        for (int s = 0; s < 40; s++) {
            nothingReachesB();
            pair.advance(Duration.ofSeconds(1));
        }
        assertTrue(ipsecDeletes(pair.b).isEmpty(), "B events: " + pair.b.events);
        assertEquals(1, pair.b.engine.ipsecSas().size());
        assertEquals(1, pair.a.engine.ipsecSas().size());
        assertTrue(pair.b.events(IkeEvent.NegotiationFailed.class).size() == 1, "the Quick Mode itself timed out");
    }

    @Test
    void aConfirmedPairIsNeverTouchedByTheTimeOut() {
        Peers.Side side = Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1));
        pair = Peers.pair(side, side, Peers.config());
        pair.acquire(pair.a, new AcquireRequest("r1", side.flow(Peers.A, Peers.B), Peers.A, Peers.B));
        pair.deliverAll();
        pair.advance(Duration.ofSeconds(60));
        pair.deliverAll();
        assertTrue(ipsecDeletes(pair.b).isEmpty(), "B events: " + pair.b.events);
        assertEquals(1, pair.b.engine.ipsecSas().size());
    }
}
