package org.ikd.core.ike.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.EnginePair;
import org.ikd.core.ike.IkeConfig;
import org.ikd.core.ike.IkeCounter;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.IkeStatistics;
import org.ikd.core.ike.PeerLiveness;
import org.ikd.core.ike.SeededEntropy;
import org.ikd.core.ike.SpiAllocator;
import org.ikd.core.ike.TimerKey;
import org.ikd.core.ike.auth.RulePreSharedKeys;
import org.ikd.core.ike.ipsec.DeadPeerAction;
import org.ikd.core.ike.ipsec.PairAction;
import org.ikd.core.ike.PairLifecycle;
import org.ikd.core.ike.PairRegistry;
import org.ikd.core.policy.Policy;
import org.junit.jupiter.api.Test;

/**
 * What follows a Dead Peer Detection death (RFC 3706; strongSwan's dpd_action), decided by the
 * engine per rule: clear asks the data plane to drop the rule's traffic to the peer, hold does
 * nothing (the next packet negotiates), restart negotiates at once and every 3 s until a new pair
 * carries the traffic. A watches B (probe after 10 s, dead after 25 s of silence); B watches nobody.
 */
class DeadPeerActionInMemoryTest {
    private static final Peers.Side SIDE = Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1));
    private static final PeerLiveness WATCH = new PeerLiveness(Duration.ofSeconds(10), Duration.ofSeconds(25), Duration.ofSeconds(20));
    private static final PeerLiveness QUIET = new PeerLiveness(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(20));

    private static IkeEngine engine(InetAddress local, InetAddress remote, long seed, PeerLiveness.Source liveness) {
        SeededEntropy entropy = new SeededEntropy(seed);
        PairRegistry registry = new PairRegistry(new SpiAllocator(entropy, spi -> false));
        AtomicReference<Policy> policy = new AtomicReference<>(SIDE.policy(local, remote));
        Ikev1Exchanges exchanges = new Ikev1Exchanges(policy::get, new RulePreSharedKeys(policy::get), entropy,
                DhSource.of(new SecureRandom()), registry, SIDE.options());
        return new IkeEngine(IkeConfig.DEFAULT, exchanges, entropy, new IkeStatistics(), registry, liveness);
    }

    /** A with rule r1's DPD action {@code action}, established with B; then B falls silent until A declares it dead. */
    private static EnginePair deadB(DeadPeerAction action) {
        PeerLiveness.Source a = new PeerLiveness.Source() {
            @Override
            public PeerLiveness forPeer(InetAddress peer) {
                return WATCH;
            }

            @Override
            public DeadPeerAction deadPeerAction(String rule) {
                return "r1".equals(rule) ? action : null;
            }
        };
        EnginePair p = new EnginePair(engine(Peers.A, Peers.B, 1, a), Peers.A, engine(Peers.B, Peers.A, 2, peer -> QUIET), Peers.B, 500);
        p.acquire(p.a, new AcquireRequest("r1", SIDE.flow(Peers.A, Peers.B), Peers.A, Peers.B));
        p.deliverAll();
        assertEquals(1, p.a.engine.ipsecSas().size());
        for (int s = 0; s < 60 && p.a.events(IkeEvent.PeerDead.class).isEmpty(); s++) {
            p.network.clear();                              // B hears nothing and says nothing
            p.advance(Duration.ofSeconds(1));
        }
        assertEquals(1, p.a.events(IkeEvent.PeerDead.class).size());
        assertEquals(0, p.a.engine.ipsecSas().size(), "the dead peer's pair is deleted");
        return p;
    }

    private static boolean mainModeTowardsB(EnginePair p) {
        return p.network.stream().anyMatch(d -> d.remote().getAddress().equals(Peers.B) && d.message().toArray()[18] == 2);
    }

    @Test
    void clearAsksTheDataPlaneToDropTheRulesTrafficToThePeerAndNegotiatesNothing() {
        EnginePair p = deadB(DeadPeerAction.CLEAR);
        List<PairAction.ClearTraffic> cleared = p.a.actions.stream().filter(PairAction.ClearTraffic.class::isInstance)
                .map(PairAction.ClearTraffic.class::cast).toList();
        assertEquals(1, cleared.size());
        assertEquals("r1", cleared.get(0).rule());
        assertEquals(Peers.B, cleared.get(0).peer());
        assertTrue(!mainModeTowardsB(p), p.network.toString());
    }

    @Test
    void holdNegotiatesNothingUntilTheNextPacket() {
        EnginePair p = deadB(DeadPeerAction.HOLD);
        assertTrue(!mainModeTowardsB(p));
        assertTrue(p.a.actions.stream().noneMatch(PairAction.ClearTraffic.class::isInstance));
        assertTrue(p.a.events(IkeEvent.Progress.class).stream().anyMatch(e -> e.text().startsWith("DPD action hold")));
        p.advance(Duration.ofSeconds(30));
        assertTrue(!mainModeTowardsB(p), "nothing without a packet");
    }

    @Test
    void restartNegotiatesAtOnceAndAgainEveryThreeSecondsUntilThePeerIsBack() {
        EnginePair p = deadB(DeadPeerAction.RESTART);
        assertTrue(mainModeTowardsB(p), "a new Main Mode at once");
        long acquires = p.a.count(IkeCounter.TOTAL_ACQUIRE);
        p.network.clear();                                       // B is still away
        p.advance(PairLifecycle.RESTART_EVERY);
        assertEquals(acquires + 1, p.a.count(IkeCounter.TOTAL_ACQUIRE), "tried again after 3 s");
        p.network.clear();
        p.advance(PairLifecycle.RESTART_EVERY.multipliedBy(10));  // the Main Mode gave up meanwhile; a new one starts
        p.deliverAll();                                          // B is back
        assertEquals(1, p.a.engine.ipsecSas().size(), "a new pair for the traffic");
        p.advance(PairLifecycle.RESTART_EVERY);
        assertTrue(p.a.timers.keySet().stream().noneMatch(k -> k.kind() == TimerKey.Kind.PAIR_RESTART), "restarting ended");
        long settled = p.a.count(IkeCounter.TOTAL_ACQUIRE);
        p.advance(PairLifecycle.RESTART_EVERY.multipliedBy(3));
        assertEquals(settled, p.a.count(IkeCounter.TOTAL_ACQUIRE));
    }
}
