package org.ikd.core.ike.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.EnginePair;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.IkeStatistics;
import org.ikd.core.ike.PairRegistry;
import org.ikd.core.ike.OutboundDatagram;
import org.ikd.core.ike.PeerLiveness;
import org.ikd.core.ike.RuleLiveness;
import org.ikd.core.ike.SeededEntropy;
import org.ikd.core.ike.SpiAllocator;
import org.ikd.core.ike.auth.RulePreSharedKeys;
import org.ikd.core.policy.Liveness;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Rule;
import org.junit.jupiter.api.Test;

/**
 * Per-peer Dead Peer Detection (RFC 3706 §5.5) and NAT keepalive (RFC 3948 §2.3) settings, two
 * engines in memory. Expected times follow from the definitions in docs/policy-reference.md: the
 * first R-U-THERE goes out {@code delay} after the last sign of life, and the peer is dead after
 * {@code timeout} of silence.
 */
class PeerLivenessInMemoryTest {
    private static final Peers.Side SIDE = Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1));
    private EnginePair pair;

    private static IkeEngine engine(Peers.Side side, InetAddress local, InetAddress remote, long seed, PeerLiveness.Source liveness) {
        SeededEntropy entropy = new SeededEntropy(seed);
        PairRegistry registry = new PairRegistry(new SpiAllocator(entropy, spi -> false));
        AtomicReference<Policy> policy = new AtomicReference<>(side.policy(local, remote));
        Ikev1Exchanges exchanges = new Ikev1Exchanges(policy::get, new RulePreSharedKeys(policy::get), entropy,
                DhSource.of(new SecureRandom()), registry, side.options());
        return new IkeEngine(org.ikd.core.ike.IkeConfig.DEFAULT, exchanges, entropy, new IkeStatistics(), registry, liveness);
    }

    /** A watches B with {@code a}; B watches nobody. Both established. */
    private void establish(PeerLiveness a) {
        PeerLiveness quiet = new PeerLiveness(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(20));
        pair = new EnginePair(engine(SIDE, Peers.A, Peers.B, 1, peer -> a), Peers.A, engine(SIDE, Peers.B, Peers.A, 2, peer -> quiet), Peers.B, 500);
        pair.acquire(pair.a, new AcquireRequest("r1", SIDE.flow(Peers.A, Peers.B), Peers.A, Peers.B));
        pair.deliverAll();
        assertEquals(1, pair.a.events(IkeEvent.QuickModeEstablished.class).size());
    }

    /** Seconds from now until A declares B dead, with everything to B lost; -1 if not within {@code limit}. */
    private int secondsUntilDead(int limit) {
        for (int s = 1; s <= limit; s++) {
            pair.advance(Duration.ofSeconds(1));
            pair.filter(d -> !d.remote().getAddress().equals(Peers.B));
            if (!pair.a.events(IkeEvent.PeerDead.class).isEmpty()) return s;
        }
        return -1;
    }

    @Test
    void declaresASilentPeerDeadAfterTimeoutSecondsOfSilence() {
        establish(new PeerLiveness(Duration.ofSeconds(10), Duration.ofSeconds(25), Duration.ofSeconds(20)));
        assertEquals(25, secondsUntilDead(120), "first R-U-THERE at the delay, 10 s; dead at the timeout, 25 s");
        assertTrue(pair.a.events(IkeEvent.SaDeleted.class).stream().anyMatch(e -> e.by() == IkeEvent.DeletedBy.DEAD_PEER
                && e.which() instanceof IkeEvent.IpsecSaRef), "the dead peer's IPsec SAs go too");
        assertTrue(pair.a.engine.isakmpSas().isEmpty());
    }

    @Test
    void aShortTimeoutCutsTheRetransmissionsShort() {
        establish(new PeerLiveness(Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(20)));
        assertEquals(5, secondsUntilDead(60), "timeout 5 s, not the default 31 s of retransmissions after the probe");
    }

    @Test
    void answeredProbesKeepThePeerAliveAndADeathIsSeenWithinDelayPlusTimeout() {
        establish(new PeerLiveness(Duration.ofSeconds(5), Duration.ofSeconds(8), Duration.ofSeconds(20)));
        int exchanged = 0;
        for (int s = 0; s < 60; s++) {
            pair.advance(Duration.ofSeconds(1));
            exchanged += pair.deliverAll();
        }
        assertTrue(exchanged >= 2 * 10, "R-U-THERE and R-U-THERE-ACK about every 5 s: " + exchanged);
        assertTrue(pair.a.events(IkeEvent.PeerDead.class).isEmpty());
        pair.advance(Duration.ofMillis(2500));          // B dies half-way between two probes
        pair.deliverAll();
        int dead = secondsUntilDead(60);
        assertTrue(dead > 0 && dead <= 8, "dead after " + dead + " s (timeout 8 s since the last answer)");
    }

    @Test
    void noDpdDelayMeansNoProbesAndNoVerdict() {
        establish(new PeerLiveness(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(20)));
        assertEquals(-1, secondsUntilDead(300));
        assertFalse(pair.a.engine.isakmpSas().isEmpty());
    }

    @Test
    void sendsNatKeepalivesAtThePeersInterval() {
        PeerLiveness fast = new PeerLiveness(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(4));
        pair = new EnginePair(engine(SIDE, Peers.A, Peers.B, 1, peer -> fast), Peers.A,
                engine(SIDE.withPeersIn("198.18.0.0/24"), Peers.B, Peers.A, 2, peer -> fast), Peers.B, 500);
        pair.path = Ikev1InMemoryTest::throughNat;
        pair.acquire(pair.a, new AcquireRequest("r1", SIDE.flow(Peers.A, Peers.B), Peers.A, Peers.B));
        pair.deliverAll();
        assertTrue(pair.a.events(IkeEvent.PhaseOneEstablished.class).get(0).summary().contains("we are behind a NAT"));
        int keepalives = 0;
        for (int s = 0; s < 20; s++) {
            pair.advance(Duration.ofSeconds(1));
            for (OutboundDatagram d : pair.network) if (d.framing() == OutboundDatagram.Framing.NAT_KEEPALIVE) keepalives++;
            pair.network.clear();
        }
        assertEquals(5, keepalives, "one every 4 s for 20 s (RFC 3948 §2.3)");
    }

    /** {@code p} with every rule's options carrying {@code l}, as the policy file's dpd and nat-keepalive do. */
    private static Policy withLiveness(Policy p, Liveness l) {
        return new Policy(p.name(), p.mainMode(), p.rules().stream().map(r -> new Rule(r.name(), r.filterList(), r.action(),
                r.authentication(), r.tunnelEndpoint(), r.localTunnelEndpoint(), r.dynamic(), r.options().withLiveness(l))).toList());
    }

    /**
     * Issue 15: DPD comes from the rule itself (core's Liveness, read by RuleLiveness), not from a
     * daemon-side lookup; a policy change (a reload) applies to the next probe.
     */
    @Test
    void theRulesOwnDpdDeclaresThePeerDeadAndAChangedPolicyTurnsItOff() {
        Liveness dpd = new Liveness(Duration.ofSeconds(10), Duration.ofSeconds(25), Liveness.DpdAction.HOLD, null);
        AtomicReference<Policy> aPolicy = new AtomicReference<>(withLiveness(SIDE.policy(Peers.A, Peers.B), dpd));
        SeededEntropy entropy = new SeededEntropy(1);
        PairRegistry registry = new PairRegistry(new SpiAllocator(entropy, spi -> false));
        IkeEngine a = new IkeEngine(org.ikd.core.ike.IkeConfig.DEFAULT, new Ikev1Exchanges(aPolicy::get, new RulePreSharedKeys(aPolicy::get),
                entropy, DhSource.of(new SecureRandom()), registry, SIDE.options()), entropy, new IkeStatistics(), registry,
                new RuleLiveness(aPolicy::get, org.ikd.core.ike.IkeConfig.DEFAULT));
        PeerLiveness quiet = new PeerLiveness(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(20));
        pair = new EnginePair(a, Peers.A, engine(SIDE, Peers.B, Peers.A, 2, peer -> quiet), Peers.B, 500);
        pair.acquire(pair.a, new AcquireRequest("r1", SIDE.flow(Peers.A, Peers.B), Peers.A, Peers.B));
        pair.deliverAll();
        assertEquals(1, pair.a.events(IkeEvent.QuickModeEstablished.class).size());
        assertEquals(25, secondsUntilDead(120), "the rule's delay 10 s and timeout 25 s");

        aPolicy.set(withLiveness(SIDE.policy(Peers.A, Peers.B), Liveness.DPD_OFF));
        pair.a.events.clear();
        pair.acquire(pair.a, new AcquireRequest("r1", SIDE.flow(Peers.A, Peers.B), Peers.A, Peers.B));
        pair.deliverAll();
        assertEquals(1, pair.a.events(IkeEvent.QuickModeEstablished.class).size());
        assertEquals(-1, secondsUntilDead(300), "DPD off in the rule: no probe, no verdict");
    }
}
