package org.ikd.core.ike.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ikd.core.crypto.Secret;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.EnginePair;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.oakley.Phase1Keys;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 "Secrets are zeroed when an SA dies", phase 1: whenever the engine removes an ISAKMP SA
 * (deleted by us, by the peer's Delete, at its hard lifetime, at shutdown, or abandoned half-way),
 * SKEYID, SKEYID_d, SKEYID_a, SKEYID_e and the encryption key (RFC 2409 §5, App. B) are zero. The
 * test keeps the arrays the {@link Secret}s own, so it sees the bytes themselves.
 */
class Phase1KeyDestructionTest {
    private final Peers.Side side = Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1));
    private EnginePair pair;

    /** The five phase-1 keys of one SA and the arrays inside their Secrets (not copies). */
    record HeldKeys(List<Secret> secrets, List<byte[]> bytes) {
        static HeldKeys of(IsakmpSa sa) {
            assertNotNull(sa.protection(), sa + " has no keys yet");
            Phase1Keys k = sa.protection().keys();
            List<Secret> s = List.of(k.skeyid(), k.skeyidD(), k.skeyidA(), k.skeyidE(), k.encryptionKey());
            List<byte[]> b = new ArrayList<>();
            for (Secret x : s) b.add(x.apply(v -> v));
            return new HeldKeys(s, b);
        }

        void assertLive() {
            for (int i = 0; i < secrets.size(); i++) {
                int nonZero = 0;
                for (byte x : bytes.get(i)) nonZero |= x;
                assertTrue(nonZero != 0 && !secrets.get(i).isDestroyed(), "key " + i + " is live while the SA lives");
            }
        }

        void assertDestroyed() {
            for (int i = 0; i < secrets.size(); i++) {
                assertTrue(secrets.get(i).isDestroyed(), "key " + i + " (SKEYID, _d, _a, _e, Ka) not destroyed");
                for (byte x : bytes.get(i)) assertEquals(0, x, "key " + i + " still holds key bytes");
                assertThrows(IllegalStateException.class, secrets.get(i)::reveal);
            }
        }
    }

    private void establish() {
        pair = Peers.pair(side, side, Peers.config());
        pair.acquire(pair.a, new AcquireRequest("r1", side.flow(Peers.A, Peers.B), Peers.A, Peers.B));
        assertEquals(9, pair.deliverAll());
    }

    private static HeldKeys keys(EnginePair.Side s) {
        assertEquals(1, s.engine.isakmpSas().size(), s + ": " + s.engine.isakmpSas());
        HeldKeys k = HeldKeys.of(s.engine.isakmpSas().get(0));
        k.assertLive();
        return k;
    }

    @Test
    void deletingAnIsakmpSaZeroesItsKeysHereAndAtThePeerThatReadsTheDelete() {
        establish();
        HeldKeys atA = keys(pair.a);
        HeldKeys atB = keys(pair.b);
        pair.apply(pair.a, pair.a.engine.delete(pair.a.engine.isakmpSas().get(0).cookies(), "admin", pair.now));
        atA.assertDestroyed();
        atB.assertLive();
        pair.deliverAll();
        assertTrue(pair.b.engine.isakmpSas().isEmpty());
        atB.assertDestroyed();
    }

    @Test
    void anIsakmpSaAtItsHardLifetimeLeavesNoKeyBehind() {
        establish();
        HeldKeys atA = keys(pair.a);
        HeldKeys atB = keys(pair.b);
        pair.advance(Duration.ofSeconds(28_800 - 1));                    // MainModeSettings lifetime in Peers: 28,800 s
        pair.network.clear();
        atA.assertLive();
        pair.advance(Duration.ofSeconds(2));
        pair.network.clear();
        atA.assertDestroyed();
        atB.assertDestroyed();
    }

    @Test
    void shuttingDownZeroesTheKeysOfEveryIsakmpSa() {
        establish();
        HeldKeys atA = keys(pair.a);
        pair.apply(pair.a, pair.a.engine.shutdown(pair.now));
        atA.assertDestroyed();
    }

    @Test
    void aMainModeAbandonedAfterItsKeysWereDerivedZeroesThem() {
        pair = Peers.pair(side, side, Peers.config());
        pair.acquire(pair.a, new AcquireRequest("r1", side.flow(Peers.A, Peers.B), Peers.A, Peers.B));
        for (int i = 0; i < 5; i++) pair.deliverNext();                  // MM1..MM5: B has keys, MM6 is on the wire
        pair.network.clear();                                           // MM6 lost; A retransmits MM5 into the void
        HeldKeys atA = HeldKeys.of(pair.a.engine.isakmpSas().get(0));
        HeldKeys atB = HeldKeys.of(pair.b.engine.isakmpSas().get(0));
        for (int i = 0; i < 20 && !pair.a.engine.isakmpSas().isEmpty(); i++) {
            pair.advance(Duration.ofSeconds(10));
            pair.network.clear();
        }
        assertTrue(pair.a.engine.isakmpSas().isEmpty(), "A gave up (negotiation time-out, 60 s)");
        atA.assertDestroyed();
        atB.assertLive();                                               // B established: its SA lives on
    }
}
