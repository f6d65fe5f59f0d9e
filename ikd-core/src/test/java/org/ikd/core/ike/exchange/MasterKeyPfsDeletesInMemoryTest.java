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
import org.ikd.core.ike.IkeCounter;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.IkeStatistics;
import org.ikd.core.ike.PairLifecycle;
import org.ikd.core.ike.PairRegistry;
import org.ikd.core.ike.SeededEntropy;
import org.ikd.core.ike.SpiAllocator;
import org.ikd.core.ike.Step;
import org.ikd.core.ike.TimerKey;
import org.ikd.core.ike.auth.RulePreSharedKeys;
import org.ikd.core.ike.ipsec.Crossing;
import org.ikd.core.policy.MainModeSettings;
import org.ikd.core.policy.Policy;
import org.ikd.core.sa.Direction;
import org.junit.jupiter.api.Test;

/**
 * Master-key PFS (RFC 2409 §5.5; Windows' "master key perfect forward secrecy"): every ISAKMP SA keys
 * one Quick Mode and is deleted, so a pair's Delete (RFC 2408 §3.15), which only an ISAKMP SA may
 * protect (RFC 2409 §5.7), travels through a Main Mode of its own that is deleted after it, as Windows
 * does (issue 15). Both sides have master-key PFS; A initiates everything.
 */
class MasterKeyPfsDeletesInMemoryTest {
    private static final Peers.Side SIDE = Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1));

    private static Policy masterKeyPfs(InetAddress local, InetAddress remote) {
        Policy p = SIDE.policy(local, remote);
        MainModeSettings mm = p.mainMode();
        return new Policy(p.name(), new MainModeSettings(mm.methods(), mm.lifetimeSeconds(), true, 1), p.rules());
    }

    /** A and B with one pair and, master-key PFS, no ISAKMP SA left on either side. */
    private static EnginePair established() {
        EnginePair p = new EnginePair(Peers.engine(masterKeyPfs(Peers.A, Peers.B), 1), Peers.A,
                Peers.engine(masterKeyPfs(Peers.B, Peers.A), 2), Peers.B, 500);
        p.acquire(p.a, new AcquireRequest("r1", SIDE.flow(Peers.A, Peers.B), Peers.A, Peers.B));
        p.deliverAll();
        assertEquals(1, p.a.engine.ipsecSas().size());
        assertEquals(1, p.b.engine.ipsecSas().size());
        assertTrue(p.a.engine.isakmpSas().isEmpty(), "master-key PFS: its Quick Mode done, the ISAKMP SA is deleted");
        assertTrue(p.b.engine.isakmpSas().isEmpty(), "B acted on A's Delete of it");
        // both ends deleted the spent SA: the Deletes crossed, and neither is an Invalid Cookie (issue 15)
        assertEquals(List.of(), p.a.events(IkeEvent.PacketDropped.class));
        assertEquals(List.of(), p.b.events(IkeEvent.PacketDropped.class));
        assertEquals(0, p.a.count(IkeCounter.INVALID_COOKIES_RECEIVED) + p.b.count(IkeCounter.INVALID_COOKIES_RECEIVED));
        return p;
    }

    private static long onlyPair(EnginePair.Side s) {
        List<PairRegistry.Entry> all = s.engine.ipsecSas().all();
        assertEquals(1, all.size(), s + " holds " + all);
        return all.get(0).pair().id();
    }

    /** The pairs {@code s} removed because the peer's Delete named them. */
    private static List<Long> deletedByPeer(EnginePair.Side s) {
        return s.events(IkeEvent.SaDeleted.class).stream()
                .filter(d -> d.by() == IkeEvent.DeletedBy.PEER && d.which() instanceof IkeEvent.IpsecSaRef)
                .map(d -> ((IkeEvent.IpsecSaRef) d.which()).pairId()).toList();
    }

    private static boolean said(EnginePair.Side s, String part) {
        return s.events(IkeEvent.Progress.class).stream().anyMatch(e -> e.text().contains(part));
    }

    @Test
    void aDeletedPairsDeleteTravelsThroughANewMainModeThatIsDeletedAfterIt() {
        EnginePair p = established();
        long pairB = onlyPair(p.b);
        // HDR, SA -->  (a Main Mode for the Delete alone)
        Step step = p.apply(p.a, p.a.engine.deleteIpsecSa(onlyPair(p.a), "deleted by ikdctl", p.now));
        assertEquals(1, step.send().size(), "MM#1");
        assertEquals(0, p.a.engine.ipsecSas().size(), "A's pair goes at once");
        p.deliverAll();
        // ... HDR*, IDir, HASH_R <--  then HDR*, HASH, D(ESP, A's inbound SPI) -->  HDR*, HASH, D(ISAKMP) -->
        assertEquals(List.of(pairB), deletedByPeer(p.b), "B removes its pair on the Delete, not on INITIAL-CONTACT");
        assertEquals(0, p.b.engine.ipsecSas().size());
        assertTrue(p.a.engine.isakmpSas().isEmpty(), "A deleted the short-lived ISAKMP SA");
        assertTrue(p.b.engine.isakmpSas().isEmpty(), "B acted on its Delete");
        assertEquals(2, p.a.count(IkeCounter.OAKLEY_MAIN_MODES), "one for the pair, one for its Delete");
        assertEquals(0, p.b.count(IkeCounter.FOREIGN_DELETES));
        assertEquals(1, p.b.events(IkeEvent.QuickModeEstablished.class).size(), "no Quick Mode on the second Main Mode");
        assertTrue(said(p.a, "sent through a new Main Mode #"), p.a.events.toString());
    }

    @Test
    void anAcquireWhileTheMainModeForTheDeleteRunsKeysItsQuickModeOnIt() {
        EnginePair p = established();
        long oldB = onlyPair(p.b);
        p.apply(p.a, p.a.engine.deleteIpsecSa(onlyPair(p.a), "deleted by ikdctl", p.now));
        p.acquire(p.a, new AcquireRequest("r1", SIDE.flow(Peers.A, Peers.B), Peers.A, Peers.B));   // the traffic goes on
        assertEquals(1, p.network.size(), "one MM#1: the acquire waits for the same Main Mode");
        p.deliverAll();
        assertEquals(List.of(oldB), deletedByPeer(p.b));
        assertEquals(1, p.a.engine.ipsecSas().size(), "the new pair");
        assertEquals(1, p.b.engine.ipsecSas().size());
        assertTrue(onlyPair(p.b) != oldB);
        assertTrue(p.a.engine.isakmpSas().isEmpty(), "master-key PFS: spent after its Quick Mode, deleted");
        assertTrue(p.b.engine.isakmpSas().isEmpty());
        assertEquals(2, p.a.count(IkeCounter.OAKLEY_MAIN_MODES));
    }

    @Test
    void deletesThatComeWhileTheMainModeRunsShareIt() {
        EnginePair p = established();
        long first = onlyPair(p.a);
        // the pair's soft lifetime: a renewal (master-key PFS: a new Main Mode, then its Quick Mode)
        p.advance(Duration.ofSeconds(3240));
        p.apply(p.a, p.a.engine.lifetimeCrossed(first, Crossing.SOFT_TIME, Direction.OUTBOUND, p.now));
        p.deliverAll();
        p.advance(PairLifecycle.HANDOVER);
        assertEquals(2, p.a.engine.ipsecSas().size());
        assertEquals(2, p.b.engine.ipsecSas().size());
        assertTrue(p.a.engine.isakmpSas().isEmpty());
        for (PairRegistry.Entry e : p.a.engine.ipsecSas().all())
            p.apply(p.a, p.a.engine.deleteIpsecSa(e.pair().id(), "taken down by ikdctl", p.now));
        assertEquals(1, p.network.size(), "one MM#1 for both Deletes");
        p.deliverAll();
        assertEquals(2, deletedByPeer(p.b).size());
        assertEquals(0, p.b.engine.ipsecSas().size());
        assertTrue(p.a.engine.isakmpSas().isEmpty());
        assertTrue(p.b.engine.isakmpSas().isEmpty());
        assertEquals(3, p.a.count(IkeCounter.OAKLEY_MAIN_MODES));
    }

    @Test
    void theOldPairsDeleteAfterAHandoverGoesThroughItsOwnMainMode() {
        EnginePair p = established();
        long oldA = onlyPair(p.a);
        long oldB = onlyPair(p.b);
        p.advance(Duration.ofSeconds(3240));
        p.apply(p.a, p.a.engine.lifetimeCrossed(oldA, Crossing.SOFT_TIME, Direction.OUTBOUND, p.now));
        p.deliverAll();
        p.advance(PairLifecycle.HANDOVER);
        // the old pair's outbound hard limit: it is deleted half a second later, with its Delete
        p.apply(p.a, p.a.engine.lifetimeCrossed(oldA, Crossing.HARD_TIME, Direction.OUTBOUND, p.now));
        p.advance(Duration.ofSeconds(1));
        p.deliverAll();
        assertEquals(List.of(oldB), deletedByPeer(p.b));
        assertEquals(1, p.b.engine.ipsecSas().size(), "B keeps the successor");
        assertEquals(1, p.a.engine.ipsecSas().size());
        assertTrue(p.a.engine.isakmpSas().isEmpty());
        assertTrue(p.b.engine.isakmpSas().isEmpty());
    }

    @Test
    void whenTheMainModeFailsTheDeleteIsDroppedAndTheLogSaysSo() {
        EnginePair p = established();
        long pairB = onlyPair(p.b);
        long pairA = onlyPair(p.a);
        p.apply(p.a, p.a.engine.deleteIpsecSa(pairA, "deleted by ikdctl", p.now));
        p.network.clear();                                                     // B is unreachable
        for (int s = 0; s <= Peers.config().negotiationTimeout().toSeconds(); s++) {
            p.advance(Duration.ofSeconds(1));
            p.network.clear();
        }
        assertTrue(p.a.engine.isakmpSas().isEmpty(), "the Main Mode ended at its negotiation timeout");
        assertTrue(p.a.timers.keySet().stream().noneMatch(k -> k.kind() == TimerKey.Kind.RETRANSMIT), p.a.timers.toString());
        assertTrue(said(p.a, "no Delete sent for SA pair(s) [" + pairA + "]"), p.a.events.toString());
        assertTrue(p.a.events(IkeEvent.Progress.class).stream().noneMatch(e -> e.text().contains("sent through")));
        assertEquals(pairB, onlyPair(p.b), "B keeps its SA until it expires");
        p.advance(Duration.ofMinutes(5));
        assertTrue(p.network.isEmpty(), "nothing retries");
    }

    @Test
    void theQuickModeResponderSendsItsDeleteThroughAMainModeItInitiates() {
        EnginePair p = established();
        long pairA = onlyPair(p.a);
        Step step = p.apply(p.b, p.b.engine.deleteIpsecSa(onlyPair(p.b), "deleted by ikdctl", p.now));
        assertEquals(1, step.send().size(), "B's MM#1, under its rule r1");
        p.deliverAll();
        assertEquals(List.of(pairA), deletedByPeer(p.a));
        assertTrue(p.a.engine.isakmpSas().isEmpty());
        assertTrue(p.b.engine.isakmpSas().isEmpty());
    }

    @Test
    void aPairWhoseRuleIsGoneIsDeletedWithoutADeleteAndTheLogSaysWhy() {
        AtomicReference<Policy> policyA = new AtomicReference<>(masterKeyPfs(Peers.A, Peers.B));
        SeededEntropy entropy = new SeededEntropy(1);
        PairRegistry registry = new PairRegistry(new SpiAllocator(entropy, spi -> false));
        IkeEngine a = new IkeEngine(Peers.config(), new Ikev1Exchanges(policyA::get, new RulePreSharedKeys(policyA::get), entropy,
                DhSource.of(new SecureRandom()), registry, ExchangeOptions.DEFAULT), entropy, new IkeStatistics(), registry);
        EnginePair p = new EnginePair(a, Peers.A, Peers.engine(masterKeyPfs(Peers.B, Peers.A), 2), Peers.B, 500);
        p.acquire(p.a, new AcquireRequest("r1", SIDE.flow(Peers.A, Peers.B), Peers.A, Peers.B));
        p.deliverAll();
        policyA.set(new Policy("p", policyA.get().mainMode(), List.of()));       // a reload took rule r1 out
        Step step = p.apply(p.a, p.a.engine.deleteIpsecSa(onlyPair(p.a), "rule 'r1' deleted by a reload", p.now));
        assertTrue(step.send().isEmpty());
        assertEquals(0, p.a.engine.ipsecSas().size());
        assertTrue(p.a.engine.isakmpSas().isEmpty());
        assertTrue(said(p.a, "could not start a Main Mode under rule 'r1'"), p.a.events.toString());
    }
}
