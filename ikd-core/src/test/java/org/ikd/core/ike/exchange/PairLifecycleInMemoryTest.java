package org.ikd.core.ike.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.EnginePair;
import org.ikd.core.ike.IkeCounter;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.ike.OutboundDatagram;
import org.ikd.core.ike.PairLifecycle;
import org.ikd.core.ike.PairRegistry;
import org.ikd.core.ike.Step;
import org.ikd.core.ike.ipsec.Crossing;
import org.ikd.core.ike.ipsec.PairAction;
import org.ikd.core.ike.ipsec.PairState;
import org.ikd.core.sa.Direction;
import org.ikd.core.sa.SaLifetime;
import org.junit.jupiter.api.Test;

/**
 * The IPsec SA pair state machine (issue 15, docs/rekeying.md) with two engines through a list and a
 * virtual clock. The data plane is the test: it reports lifetime crossings with
 * {@code IkeEngine.lifetimeCrossed} and reads the {@link PairAction}s each side decided. A keyed the
 * Main Mode (it acquired first), B answered it; both send ikd's vendor ID.
 */
class PairLifecycleInMemoryTest {
    private static final Peers.Side SIDE = Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1));     // 3600 s, 100,000 KB

    private static AcquireRequest flow(EnginePair.Side from, EnginePair.Side to) {
        return new AcquireRequest("r1", SIDE.flow(from.address, to.address), from.address, to.address);
    }

    /**
     * A and B with one transport pair, A the Main Mode and Quick Mode initiator, at the pair's soft
     * lifetime (90 % of 3600 s): far outside the collision window of its installation.
     */
    private static EnginePair established() {
        EnginePair p = Peers.pair(SIDE, SIDE, Peers.config());
        p.acquire(p.a, flow(p.a, p.b));
        p.deliverAll();
        assertEquals(1, p.a.engine.ipsecSas().size());
        assertEquals(1, p.b.engine.ipsecSas().size());
        p.advance(Duration.ofSeconds(3240));
        return p;
    }

    private static long onlyPair(EnginePair.Side s) {
        List<PairRegistry.Entry> all = s.engine.ipsecSas().all();
        assertEquals(1, all.size(), s + " holds " + all);
        return all.get(0).pair().id();
    }

    private static PairState state(EnginePair.Side s, long pairId) {
        PairRegistry.Entry e = s.engine.ipsecSas().find(pairId);
        return e == null ? PairState.DELETED : e.state();
    }

    private static Step cross(EnginePair p, EnginePair.Side s, long pairId, Crossing c, Direction d) {
        return p.apply(s, s.engine.lifetimeCrossed(pairId, c, d, p.now));
    }

    private static List<PairRegistry.Entry> sending(EnginePair.Side s) {
        return s.engine.ipsecSas().all().stream().filter(e -> e.state().sending()).toList();
    }

    private static <A extends PairAction> List<A> actions(EnginePair.Side s, Class<A> type) {
        return s.actions.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** After things settled, both sides send on the same pair: A's outbound SPI is B's inbound SPI, and back. */
    private static void oneMirroredPairPerDirection(EnginePair p) {
        assertEquals(1, sending(p.a).size(), p.a.engine.ipsecSas().all().toString());
        assertEquals(1, sending(p.b).size(), p.b.engine.ipsecSas().all().toString());
        var a = sending(p.a).get(0).pair();
        var b = sending(p.b).get(0).pair();
        assertEquals(a.outbound().outermost().spi(), b.inbound().outermost().spi());
        assertEquals(a.inbound().outermost().spi(), b.outbound().outermost().spi());
    }

    @Test
    void aFreshPairIsInstalledSendingAtOnceAndItsHeldPacketsReleased() {
        EnginePair p = established();
        long a = onlyPair(p.a);
        assertEquals(PairState.INSTALLED, state(p.a, a));
        assertEquals(PairState.INSTALLED, state(p.b, onlyPair(p.b)), "HASH(3) arrived");
        PairAction.Install install = actions(p.a, PairAction.Install.class).get(0);
        assertTrue(install.sendNow(), "no older pair to hand over from");
        assertTrue(install.mainModeInitiator());
        assertEquals(a, actions(p.a, PairAction.ReleaseHeld.class).get(0).pairId());
        assertFalse(actions(p.b, PairAction.Install.class).get(0).mainModeInitiator());
        assertEquals(1, p.a.count(IkeCounter.KEY_ADDITIONS));
        assertEquals(0, p.a.count(IkeCounter.KEY_UPDATES));
    }

    @Test
    void theInitiatorRenewsAtOnceOnSoftTimeAndTheOldPairStopsSendingHalfASecondLater() {
        EnginePair p = established();
        long oldA = onlyPair(p.a);
        long oldB = onlyPair(p.b);
        Step step = cross(p, p.a, oldA, Crossing.SOFT_TIME, Direction.OUTBOUND);
        assertEquals(1, step.send().size(), "QM#1 at once (RFC 2409 §5.5)");
        assertEquals(PairState.REKEYING, state(p.a, oldA));
        p.deliverAll();
        assertEquals(2, p.a.engine.ipsecSas().size());
        assertEquals(PairState.HANDING_OVER, state(p.a, oldA));
        assertEquals(PairState.HANDING_OVER, state(p.b, oldB), "the peer's renewal replaces B's pair too");
        assertFalse(actions(p.a, PairAction.Install.class).get(1).sendNow(), "the old pair still sends");
        assertTrue(actions(p.a, PairAction.RetireOutbound.class).isEmpty());
        p.advance(PairLifecycle.HANDOVER);
        assertEquals(PairState.HANDED_OVER, state(p.a, oldA));
        assertEquals(PairState.HANDED_OVER, state(p.b, oldB));
        assertEquals(oldA, actions(p.a, PairAction.RetireOutbound.class).get(0).pairId());
        assertEquals(oldB, actions(p.b, PairAction.RetireOutbound.class).get(0).pairId());
        oneMirroredPairPerDirection(p);
        assertEquals(1, p.a.count(IkeCounter.KEY_UPDATES));
    }

    @Test
    void theResponderWaitsHalfTheSoftToHardMarginOnTimeAndDoesNothingWhenTheInitiatorRenewed() {
        EnginePair p = established();
        long oldB = onlyPair(p.b);
        SaLifetime life = p.b.engine.ipsecSas().find(oldB).pair().outbound().outermost().lifetime();
        Duration wait = Duration.ofSeconds((life.hardSeconds() - life.softSeconds()) / 2);
        assertTrue(cross(p, p.b, oldB, Crossing.SOFT_TIME, Direction.INBOUND).send().isEmpty(), "the responder waits");
        assertEquals(PairState.REKEYING, state(p.b, oldB));
        cross(p, p.a, onlyPair(p.a), Crossing.SOFT_TIME, Direction.OUTBOUND);
        p.deliverAll();
        assertEquals(PairState.HANDING_OVER, state(p.b, oldB));
        p.advance(wait.plusSeconds(1));
        assertTrue(p.network.isEmpty(), "B renews nothing: A's renewal came");
        assertEquals(2, p.b.events(IkeEvent.QuickModeEstablished.class).size());
        oneMirroredPairPerDirection(p);
    }

    @Test
    void theResponderRenewsOnSoftTimeWhenTheInitiatorDoesNot() {
        EnginePair p = established();
        long oldB = onlyPair(p.b);
        SaLifetime life = p.b.engine.ipsecSas().find(oldB).pair().outbound().outermost().lifetime();
        cross(p, p.b, oldB, Crossing.SOFT_TIME, Direction.INBOUND);
        p.advance(Duration.ofSeconds((life.hardSeconds() - life.softSeconds()) / 2).minusMillis(1));
        assertTrue(p.network.isEmpty());
        p.advance(Duration.ofMillis(1));
        assertEquals(1, p.network.size(), "B's QM#1");
        p.deliverAll();
        p.advance(PairLifecycle.HANDOVER);
        assertEquals(PairState.HANDED_OVER, state(p.b, oldB));
        oneMirroredPairPerDirection(p);
    }

    @Test
    void bothPeersCrossTheSoftByteLimitTogetherAndOnlyTheInitiatorRenews() {
        // IkdToIkdIT after the first attempt (h-rekey): both renewed on bytes and 4 pairs were listed
        EnginePair p = established();
        long oldA = onlyPair(p.a);
        long oldB = onlyPair(p.b);
        cross(p, p.a, oldA, Crossing.SOFT_BYTES, Direction.OUTBOUND);      // A's outbound and B's inbound count the same bytes
        Step atB = cross(p, p.b, oldB, Crossing.SOFT_BYTES, Direction.INBOUND);
        assertTrue(atB.send().isEmpty(), "B gives the initiator " + PairLifecycle.BYTE_MARGIN);
        p.deliverAll();
        p.advance(PairLifecycle.BYTE_MARGIN.plusSeconds(1));
        p.deliverAll();
        assertEquals(2, p.a.engine.ipsecSas().size(), "the old pair (handed over) and its successor");
        assertEquals(2, p.b.engine.ipsecSas().size());
        assertEquals(2, p.b.events(IkeEvent.QuickModeEstablished.class).size(), "one renewal, no collision");
        oneMirroredPairPerDirection(p);
    }

    @Test
    void theResponderRenewsAtOnceOnSoftBytesWhenThePeerIsNotIkd() {
        // charon never renews on bytes (it ignores the kilobyte lifetime): waiting would let the pair expire mid-transfer
        EnginePair p = Peers.pair(SIDE, SIDE, Peers.config());
        p.acquire(p.a, flow(p.a, p.b));
        while (p.b.engine.isakmpSas().isEmpty() || !p.b.engine.isakmpSas().get(0).usable()) p.deliverNext();
        IsakmpSa atB = p.b.engine.isakmpSas().get(0);
        atB.learned(atB.capabilities().withVendorIds(atB.peerDoesDpd(), "", atB.peerDoesFragmentation()));   // what B learns from a charon: no ikd vendor ID
        p.deliverAll();
        long oldB = onlyPair(p.b);
        Step step = cross(p, p.b, oldB, Crossing.SOFT_BYTES, Direction.INBOUND);
        assertEquals(1, step.send().size(), "QM#1 at once");
        p.deliverAll();
        p.advance(PairLifecycle.HANDOVER);
        assertEquals(PairState.HANDED_OVER, state(p.b, oldB));
        oneMirroredPairPerDirection(p);
    }

    @Test
    void theInitiatorRenewsAtOnceOnSoftBytesAndOnSequenceExhaustion() {
        EnginePair p = established();
        assertEquals(1, cross(p, p.a, onlyPair(p.a), Crossing.SOFT_BYTES, Direction.INBOUND).send().size());
        p.deliverAll();
        p.advance(PairLifecycle.HANDOVER);
        long second = sending(p.a).get(0).pair().id();
        assertEquals(1, cross(p, p.a, second, Crossing.SEQUENCE_EXHAUSTED, Direction.OUTBOUND).send().size(),
                "RFC 4303 §3.3.3: a new SA before the counter cycles");
        assertTrue(cross(p, p.a, second, Crossing.SOFT_BYTES, Direction.OUTBOUND).send().isEmpty(), "one renewal per pair");
        p.deliverAll();
        p.advance(PairLifecycle.HANDOVER);
        assertEquals(3, p.a.engine.ipsecSas().size());
        oneMirroredPairPerDirection(p);
    }

    @Test
    void whenBothPeersRenewAtOnceTheCollisionLeavesOneMirroredPairAndDeletesTheOther() {
        EnginePair p = established();
        long oldA = onlyPair(p.a);
        p.acquire(p.a, flow(p.a, p.b));                // e.g. ikdctl initiate on both, or a margin run out
        p.acquire(p.b, flow(p.b, p.a));
        p.deliverAll();
        assertEquals(3, p.a.engine.ipsecSas().size());
        assertEquals(1, p.a.engine.ipsecSas().all().stream().filter(e -> e.state() == PairState.REDUNDANT).count());
        assertEquals(1, p.b.engine.ipsecSas().all().stream().filter(e -> e.state() == PairState.REDUNDANT).count());
        p.advance(PairLifecycle.HANDOVER);
        oneMirroredPairPerDirection(p);
        p.advance(Duration.ofSeconds(2));              // the grace time: each side deletes the redundant pair with a Delete
        p.deliverAll();
        assertEquals(2, p.a.engine.ipsecSas().size(), "the old pair (handed over) and the kept one");
        assertEquals(2, p.b.engine.ipsecSas().size());
        assertEquals(PairState.HANDED_OVER, state(p.a, oldA));
        oneMirroredPairPerDirection(p);
    }

    @Test
    void aHardLimitWithoutASuccessorDeletesThePairOnBothSides() {
        EnginePair p = established();
        long a = onlyPair(p.a);
        Step step = cross(p, p.a, a, Crossing.HARD_TIME, Direction.INBOUND);
        assertEquals(1, step.send().size(), "a Delete (RFC 2408 §3.15)");
        assertEquals(List.of(new PairAction.Remove(a)), step.actions());
        p.deliverAll();
        assertEquals(0, p.a.engine.ipsecSas().size());
        assertEquals(0, p.b.engine.ipsecSas().size(), "B honoured the Delete");
        assertEquals(1, actions(p.b, PairAction.Remove.class).size());
    }

    @Test
    void anOutboundHardLimitDuringTheHandoverLeavesTheInboundSideOneMoreHandover() {
        EnginePair p = established();
        long oldA = onlyPair(p.a);
        cross(p, p.a, oldA, Crossing.SOFT_BYTES, Direction.OUTBOUND);
        p.deliverAll();
        // at line rate the old pair's outbound side reaches its hard limit inside the handover: the data plane sends on the successor
        Step step = cross(p, p.a, oldA, Crossing.HARD_BYTES, Direction.OUTBOUND);
        assertTrue(step.send().isEmpty() && step.actions().isEmpty(), step.toString());
        assertEquals(PairState.HANDED_OVER, state(p.a, oldA));
        p.advance(PairLifecycle.HANDOVER.minusMillis(1));
        assertEquals(PairState.HANDED_OVER, state(p.a, oldA), "still accepting what B sent before it switched");
        p.advance(Duration.ofMillis(1));
        assertEquals(PairState.DELETED, state(p.a, oldA));
        assertEquals(1, p.network.size(), "its Delete");
        p.deliverAll();
        oneMirroredPairPerDirection(p);
        assertEquals(1, p.b.engine.ipsecSas().size());
    }

    /** Delivers everything except what A sends once its Quick Mode is done: every QM#3 is lost. */
    private static void loseEveryQuickMode3(EnginePair p, Duration during) {
        for (int s = 0; s < during.toSeconds(); s++) {
            while (!p.network.isEmpty()) {
                OutboundDatagram d = p.network.remove(0);
                boolean fromA = d.local().getAddress().equals(p.a.address);
                if (!fromA || p.a.events(IkeEvent.QuickModeEstablished.class).isEmpty()) p.deliver(d);
            }
            p.advance(Duration.ofSeconds(1));
        }
    }

    @Test
    void aResponderWhoseQuickMode3NeverComesRemovesThePairWithADelete() {
        EnginePair p = Peers.pair(SIDE, SIDE, Peers.config());
        p.acquire(p.a, flow(p.a, p.b));
        loseEveryQuickMode3(p, Duration.ofSeconds(2));
        long b = onlyPair(p.b);
        assertEquals(PairState.UNCONFIRMED, state(p.b, b));
        loseEveryQuickMode3(p, Duration.ofSeconds(40));       // QM#2 sent 5 times in 31 s (RetransmitPolicy.DEFAULT)
        assertEquals(PairState.DELETED, state(p.b, b));
        assertTrue(actions(p.b, PairAction.Remove.class).stream().anyMatch(r -> r.pairId() == b));
        assertTrue(p.b.events(IkeEvent.SaDeleted.class).stream().anyMatch(e -> e.why().contains("no HASH(3)")));
        assertEquals(0, p.a.engine.ipsecSas().size(), "B's Delete reached A, which had installed the pair");
    }

    @Test
    void aResponderWhoseQuickMode3NeverComesKeepsThePairWhenEspArrivedOnIt() {
        EnginePair p = Peers.pair(SIDE, SIDE, Peers.config());
        p.b.engine.ipsecSas().watchInbound(pairId -> true);     // the data plane counted ESP on it: A installed it
        p.acquire(p.a, flow(p.a, p.b));
        loseEveryQuickMode3(p, Duration.ofSeconds(40));
        long b = onlyPair(p.b);
        assertEquals(PairState.INSTALLED, state(p.b, b));
        assertTrue(actions(p.b, PairAction.Remove.class).isEmpty());
        assertTrue(p.b.events(IkeEvent.Progress.class).stream().anyMatch(e -> e.text().contains("ESP arrived on it")));
        assertEquals(1, p.a.engine.ipsecSas().size());
    }

    @Test
    void aRestartedPeerMakesTheOtherRemoveItsStalePairThroughInitialContact() {
        EnginePair first = established();
        long stale = onlyPair(first.a);
        int spi = first.a.engine.ipsecSas().find(stale).pair().outbound().outermost().spi().value();
        IkeEngine restartedB = Peers.engine(SIDE, Peers.B, Peers.A, Peers.config(), 9);
        EnginePair p = new EnginePair(first.a.engine, Peers.A, restartedB, Peers.B, 500);
        // B's data plane dropped A's ESP on an SPI it no longer knows: Main Mode with INITIAL-CONTACT, then a Quick Mode
        p.apply(p.b, restartedB.unknownSpi(Peers.A, Peers.B, spi, p.now));
        p.deliverAll();
        assertTrue(actions(p.a, PairAction.Remove.class).contains(new PairAction.Remove(stale)), p.a.actions.toString());
        assertNull(p.a.engine.ipsecSas().find(stale));
        assertEquals(1, actions(p.a, PairAction.Install.class).size());
        assertTrue(actions(p.a, PairAction.Install.class).get(0).sendNow(), "the stale pair replaces nothing: it is gone");
        oneMirroredPairPerDirection(p);
    }
}
