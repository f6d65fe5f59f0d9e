package org.ikd.esp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.crypto.Secret;
import org.ikd.core.sa.Mode;
import org.ikd.core.sa.SaLifetime;
import org.ikd.esp.Fixtures.Link;
import org.ikd.esp.Fixtures.Suite;
import org.ikd.esp.sad.SaBundle;
import org.ikd.esp.sad.SecurityAssociation;
import org.ikd.esp.sad.SecurityAssociationDatabase.InstalledPair;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 "Secrets are zeroed when an SA dies": once the data plane removes a pair (remove,
 * hard lifetime) or retires its outbound half, the key bytes of those SAs are zero and their
 * {@link Secret}s refuse any further use. The test keeps the very arrays the Secrets own.
 */
class KeyDestructionTest {
    private static final Suite CBC_AH = Suite.esp(EspCipher.AES_CBC, 128, IntegrityAlgorithm.HMAC_SHA1_96, Mode.TUNNEL).withAh();
    private static final Suite GCM = Suite.esp(EspCipher.AES_GCM_16, 256, null, Mode.TUNNEL);

    /** One key of an installed SA, and the array inside its Secret (not a copy). */
    record HeldKey(String name, Secret secret, byte[] bytes) {
        static List<HeldKey> of(SaBundle b) {
            List<HeldKey> out = new ArrayList<>();
            for (SecurityAssociation sa : b.sas()) {
                add(out, sa + " encryption", sa.spec().encryptionKey());
                add(out, sa + " integrity", sa.spec().integrityKey());
            }
            return out;
        }

        private static void add(List<HeldKey> out, String name, Secret s) {
            if (s != null) out.add(new HeldKey(name, s, s.apply(k -> k)));
        }

        boolean live() {
            for (byte x : bytes) if (x != 0) return !secret.isDestroyed();
            return false;
        }

        void assertDestroyed() {
            assertTrue(secret.isDestroyed(), name + " not destroyed");
            for (byte x : bytes) assertEquals(0, x, name + " still holds key bytes");
            assertThrows(IllegalStateException.class, secret::reveal, name);
        }
    }

    private static byte[] ping() {
        return Packets.icmp("198.18.10.5", "198.18.20.9", 56);
    }

    @Test
    void removingAPairZeroesTheKeysOfBothDirectionsAndEverySaOfTheBundle() {
        Link link = new Link(CBC_AH);
        assertEquals(Verdict.TRANSMIT, link.send(ping()));                      // the pump's transforms exist
        assertEquals(Verdict.DELIVER, link.receive(link.wire(), Encapsulation.IP));
        InstalledPair p = link.b.sad().pair(1);
        List<HeldKey> keys = new ArrayList<>(HeldKey.of(p.inbound()));
        keys.addAll(HeldKey.of(p.outbound()));
        assertEquals(6, keys.size(), "ESP encryption + integrity and AH integrity, both directions");
        assertTrue(keys.stream().allMatch(HeldKey::live), "keys are live while installed");
        assertTrue(link.b.remove(1));
        keys.forEach(HeldKey::assertDestroyed);
        assertTrue(p.inbound().sas().stream().allMatch(SecurityAssociation::removed));
        assertEquals(null, p.inbound().innermost().slot(1, new byte[65536]), "no other pump builds a transform from a dead key");
    }

    @Test
    void retiringTheOutboundHalfZeroesOnlyItsKeysAndTheInboundSasStillDecrypt() {
        Link link = new Link(GCM);
        InstalledPair onB = link.b.sad().pair(1);
        List<HeldKey> out = HeldKey.of(onB.outbound());
        List<HeldKey> in = HeldKey.of(onB.inbound());
        assertTrue(link.b.retireOutbound(1));
        out.forEach(HeldKey::assertDestroyed);
        assertTrue(in.stream().allMatch(HeldKey::live), "the inbound SA keeps its key until removed");
        assertEquals(Verdict.TRANSMIT, link.send(ping()));
        assertEquals(Verdict.DELIVER, link.receive(link.wire(), Encapsulation.IP), "the old inbound SA still drains");
        assertTrue(link.b.remove(1));
        in.forEach(HeldKey::assertDestroyed);
    }

    @Test
    void aHardByteLifetimeZeroesTheKeysOfTheExpiredPair() {
        Link link = new Link(GCM.withLifetime(new SaLifetime(0, 1000, 0, 500)));
        InstalledPair onA = link.a.sad().pair(1);
        List<HeldKey> keys = new ArrayList<>(HeldKey.of(onA.inbound()));
        keys.addAll(HeldKey.of(onA.outbound()));
        byte[] p = Packets.icmp("198.18.10.5", "198.18.20.9", 172);           // 200 bytes: the sixth passes 1000
        for (int i = 0; i < 5; i++) assertEquals(Verdict.TRANSMIT, link.send(p));
        assertTrue(keys.stream().allMatch(HeldKey::live));
        assertEquals(Verdict.DROP, link.send(p));
        assertEquals(DropReason.SA_EXPIRED, link.pa.dropReason());
        keys.forEach(HeldKey::assertDestroyed);
    }

    @Test
    void aHardTimeLifetimeZeroesTheKeysAtTheTickThatExpiresThePair() {
        Link link = new Link(CBC_AH.withLifetime(SaLifetime.of(60, 0, 90)));
        InstalledPair onA = link.a.sad().pair(1);
        List<HeldKey> keys = new ArrayList<>(HeldKey.of(onA.inbound()));
        keys.addAll(HeldKey.of(onA.outbound()));
        link.clock.addAndGet(59L * 1_000_000_000L);
        link.a.tick();
        assertTrue(keys.stream().allMatch(HeldKey::live), "soft lifetime only: still installed");
        link.clock.addAndGet(1_000_000_000L);
        link.a.tick();
        keys.forEach(HeldKey::assertDestroyed);
        assertFalse(link.a.remove(1), "already removed by the tick");
    }
}
