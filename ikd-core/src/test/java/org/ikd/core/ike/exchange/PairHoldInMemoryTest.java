package org.ikd.core.ike.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.EnginePair;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.ike.PairLifecycle;
import org.ikd.core.ike.TimerKey;
import org.ikd.core.ike.ipsec.PairAction;
import org.junit.jupiter.api.Test;

/**
 * The Quick Mode initiator's hold of a first pair, end to end (issue 15, first packets lost with large
 * PFS groups): RFC 2409 §5.5 lets the responder install only once it has processed HASH(3), so against
 * a peer that is not ikd (charon, Windows) A installs the pair inbound only, and sends on it when the
 * peer can have installed it. The Quick Mode here takes no virtual time, so the hold is its floor.
 */
class PairHoldInMemoryTest {
    private static final Peers.Side SIDE = Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1));

    /** A and B after Main Mode, A's QM#1 on its way; {@code vendor}: what A learnt of B's vendor ID. */
    private static EnginePair mainModeDone(String vendor) {
        EnginePair p = Peers.pair(SIDE, SIDE, Peers.config());
        p.acquire(p.a, new AcquireRequest("r1", SIDE.flow(p.a.address, p.b.address), p.a.address, p.b.address));
        while (p.a.engine.isakmpSas().isEmpty() || p.a.engine.isakmpSas().get(0).state() != IsakmpSa.State.ESTABLISHED)
            p.deliverNext();
        IsakmpSa a = p.a.engine.isakmpSas().get(0);
        a.learned(a.capabilities().withVendorIds(a.peerDoesDpd(), vendor, a.peerDoesFragmentation()));
        return p;
    }

    private static <A extends PairAction> List<A> actions(EnginePair.Side s, Class<A> type) {
        return s.actions.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void againstAPeerThatIsNotIkdTheFirstPairSendsOnlyAfterTheHold() {
        EnginePair p = mainModeDone("");
        p.deliverAll();                               // QM#1 -->, <-- QM#2, HASH(3) -->
        PairAction.Install install = actions(p.a, PairAction.Install.class).get(0);
        long pair = install.pairId();
        assertTrue(install.holdOutbound(), "installed inbound only");
        assertTrue(actions(p.a, PairAction.ReleaseHeld.class).isEmpty(), "its packets still wait");
        TimerKey send = new TimerKey(pair, TimerKey.Kind.PAIR_SEND, 0);
        assertEquals(p.now.plus(PairLifecycle.HOLD_FLOOR), p.a.timers.get(send));
        p.advance(PairLifecycle.HOLD_FLOOR.minusMillis(1));
        assertTrue(actions(p.a, PairAction.StartSending.class).isEmpty());
        p.advance(Duration.ofMillis(1));
        assertEquals(List.of(new PairAction.StartSending(pair)), actions(p.a, PairAction.StartSending.class));
        List<PairAction.ReleaseHeld> released = actions(p.a, PairAction.ReleaseHeld.class);
        assertEquals(1, released.size());
        assertEquals(pair, released.get(0).pairId());
        assertEquals(p.b.address, released.get(0).destination());
        assertFalse(actions(p.b, PairAction.Install.class).get(0).holdOutbound(), "the Quick Mode responder holds nothing");
        assertEquals("", install.peerVendor(), "A's Main Mode was told the peer is unknown");
        assertEquals("ikd", actions(p.b, PairAction.Install.class).get(0).peerVendor(),
                "B read A's vendor ID, MD5(\"ikd\"), in Main Mode: events 541/542 of the pair name it (issue 15)");
    }

    @Test
    void againstAnotherIkdTheFirstPairSendsAtOnce() {
        EnginePair p = mainModeDone("ikd");
        p.deliverAll();
        PairAction.Install install = actions(p.a, PairAction.Install.class).get(0);
        assertFalse(install.holdOutbound(), "ikd installs as QM#2 leaves");
        assertEquals(install.pairId(), actions(p.a, PairAction.ReleaseHeld.class).get(0).pairId());
        assertTrue(p.a.timers.keySet().stream().noneMatch(k -> k.kind() == TimerKey.Kind.PAIR_SEND));
    }
}
