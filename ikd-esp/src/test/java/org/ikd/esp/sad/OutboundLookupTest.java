package org.ikd.esp.sad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.ikd.core.sa.Direction;
import org.ikd.core.sa.IpsecSaBundle;
import org.ikd.core.sa.IpsecSaSpec;
import org.ikd.core.sa.Mode;
import org.ikd.esp.Fixtures;
import org.ikd.esp.Fixtures.Suite;
import org.ikd.esp.Packets;
import org.ikd.esp.packet.Flow;
import org.junit.jupiter.api.Test;

/**
 * Outbound look-ups with many peers on one rule (a default-response rule answering 2,000 peers):
 * each flow must find its own peer's bundle, newest first, as RFC 4301 §4.4.2 orders the SAD.
 * The expected bundle is the one this test installed for that peer, or, for the random mix, the
 * first match in a plain list kept by the test in the SAD's documented order.
 */
class OutboundLookupTest {
    private static final String RULE = "default-response";
    private static final String LOCAL = "198.18.0.2";
    private static final Suite SUITE = Suite.esp(EspCipher.NULL, 0, IntegrityAlgorithm.HMAC_SHA1_96, Mode.TRANSPORT);

    private final SecurityAssociationDatabase sad = new SecurityAssociationDatabase();
    private int nextSpi = 0x1000;
    private final java.util.Map<Long, Integer> inboundSpiOf = new java.util.HashMap<>();

    /** 198.18.16.1, .2, … as the load initiator numbers its peers. */
    private static String peer(int k) {
        int a = 0xc6121000 + k + 1;
        return (a >>> 24 & 0xff) + "." + (a >>> 16 & 0xff) + "." + (a >>> 8 & 0xff) + "." + (a & 0xff);
    }

    private static Selector toHost(String host) {
        return Selector.between(Subnet.parse(LOCAL), Subnet.parse(host));
    }

    private SaBundle bundle(long id, Direction d, Selector s, String from, String to) {
        IpsecSaBundle spec = Fixtures.bundle(SUITE, d, nextSpi++, 0, from, to, s);
        List<SecurityAssociation> sas = new ArrayList<>();
        for (IpsecSaSpec sa : spec.sas()) sas.add(new SecurityAssociation(sa, id, RULE, 1, 0, new byte[16]));
        return new SaBundle(sas, id, RULE, d);
    }

    private boolean install(long id, Selector s, String peer, boolean now) {
        inboundSpiOf.put(id, nextSpi);                                   // the inbound bundle is built first
        return sad.install(id, RULE, bundle(id, Direction.INBOUND, s.mirror(), peer, LOCAL),
                bundle(id, Direction.OUTBOUND, s, LOCAL, peer), now);
    }

    private static Flow flow(String src, String dst) {
        Flow f = new Flow();
        byte[] p = Packets.udp(src, dst, 4000, 5000, 8);
        assertTrue(f.parse(p, 0, p.length));
        return f;
    }

    private SaBundle lookup(String dst) {
        return sad.outbound(RULE, flow(LOCAL, dst));
    }

    @Test
    void findsEachOfTwoThousandPeersOwnBundleOnOneRule() {
        for (int k = 0; k < 2000; k++) assertFalse(install(k + 1, toHost(peer(k)), peer(k), true));
        for (int k = 0; k < 2000; k++) assertEquals(k + 1, lookup(peer(k)).pairId(), peer(k));
        assertNull(lookup(peer(2000)));                                  // no SA for 198.18.23.209
        assertNull(sad.outbound(RULE, flow("198.18.0.3", peer(5))));     // source outside the selector
        assertNull(sad.outbound("other-rule", flow(LOCAL, peer(5))));
    }

    @Test
    void reportsRekeyOnlyForTheSameSelectorAmongManyPeers() {
        for (int k = 0; k < 2000; k++) install(k + 1, toHost(peer(k)), peer(k), true);
        assertTrue(install(5000, toHost(peer(1234)), peer(1234), true));
        assertFalse(install(5001, toHost(peer(2500)), peer(2500), true));
        assertEquals(5000, lookup(peer(1234)).pairId());
        assertEquals(5001, lookup(peer(2500)).pairId());
    }

    @Test
    void keepsTheOldBundleDuringAHandoverUntilItRetires() {
        for (int k = 0; k < 2000; k++) install(k + 1, toHost(peer(k)), peer(k), true);
        assertTrue(install(3000, toHost(peer(77)), peer(77), false));
        assertEquals(78, lookup(peer(77)).pairId());
        sad.retireOutbound(78);
        assertEquals(3000, lookup(peer(77)).pairId());
        assertEquals(79, lookup(peer(78)).pairId());
    }

    @Test
    void forgetsRemovedPeersAndKeepsTheOthers() {
        for (int k = 0; k < 2000; k++) install(k + 1, toHost(peer(k)), peer(k), true);
        for (int k = 0; k < 2000; k += 2) sad.remove(k + 1);
        for (int k = 0; k < 2000; k++) {
            if (k % 2 == 0) assertNull(lookup(peer(k)), peer(k));
            else assertEquals(k + 1, lookup(peer(k)).pairId(), peer(k));
        }
        for (int k = 0; k < 2000; k += 2) install(10_000 + k, toHost(peer(k)), peer(k), true);
        for (int k = 0; k < 2000; k++) assertEquals(k % 2 == 0 ? 10_000 + k : k + 1, lookup(peer(k)).pairId());
        for (int k = 0; k < 2000; k++) sad.remove(k % 2 == 0 ? 10_000 + k : k + 1);
        assertNull(lookup(peer(3)));
        assertEquals(0, sad.inboundCount());
    }

    @Test
    void findsEachInboundSpiAfterRemovalsAndReinstalls() {
        for (int k = 0; k < 2000; k++) install(k + 1, toHost(peer(k)), peer(k), true);
        for (int k = 0; k < 2000; k += 3) sad.remove(k + 1);
        for (int k = 0; k < 2000; k++) {
            SecurityAssociation sa = sad.inbound(inboundSpiOf.get(k + 1L));
            if (k % 3 == 0) assertNull(sa, peer(k));
            else assertEquals(k + 1, sa.pairId(), peer(k));
        }
        for (int k = 0; k < 2000; k += 3) install(20_000 + k, toHost(peer(k)), peer(k), true);
        for (int k = 0; k < 2000; k++) {
            long id = k % 3 == 0 ? 20_000 + k : k + 1;
            assertEquals(id, sad.inbound(inboundSpiOf.get(id)).pairId(), peer(k));
        }
        assertEquals(2000, sad.inboundCount());
        assertNull(sad.inbound(1));
        assertNull(sad.inbound(nextSpi + 7));
    }

    @Test
    void letsANewerSubnetBundleGoBeforeOlderHostBundles() {
        for (int k = 0; k < 100; k++) install(k + 1, toHost(peer(k)), peer(k), true);
        Selector wide = Selector.between(Subnet.parse(LOCAL), Subnet.parse("198.18.16.0/20"));
        install(500, wide, peer(3000), true);
        assertEquals(500, lookup(peer(7)).pairId());
        assertEquals(500, lookup(peer(3000)).pairId());
        install(501, toHost(peer(8)), peer(8), true);
        assertEquals(501, lookup(peer(8)).pairId());
        assertEquals(500, lookup(peer(9)).pairId());
        sad.remove(500);
        assertEquals(10, lookup(peer(9)).pairId());
        assertNull(lookup(peer(3000)));
    }

    /** The SAD's documented order, kept the slow way: sent-on-now bundles first, handovers last. */
    @Test
    void agreesWithAPlainOrderedListOverRandomInstallsAndRemovals() {
        String[] nets = {"198.18.16.0/20", "198.18.16.0/24", "198.18.17.0/24", "198.18.0.0/15", "0.0.0.0/0"};
        Random random = new Random(4301);
        List<long[]> order = new ArrayList<>();                  // {pairId, kind}: kind < 0 host k, else nets index
        List<Long> live = new ArrayList<>();
        long id = 1;
        for (int step = 0; step < 3000; step++) {
            if (!live.isEmpty() && random.nextInt(3) == 0) {
                long gone = live.remove(random.nextInt(live.size()));
                sad.remove(gone);
                order.removeIf(e -> e[0] == gone);
            } else {
                boolean host = random.nextInt(10) > 0;
                int which = host ? random.nextInt(300) : random.nextInt(nets.length);
                Selector s = host ? toHost(peer(which)) : Selector.between(Subnet.parse(LOCAL), Subnet.parse(nets[which]));
                boolean now = random.nextBoolean();
                install(id, s, host ? peer(which) : "198.18.0.9", now);
                long[] e = {id, host ? -1 - which : which};
                if (now) order.add(0, e);
                else order.add(e);
                live.add(id++);
            }
            int k = random.nextInt(320);
            assertEquals(expected(order, nets, k), pairIdOf(lookup(peer(k))), "step " + step + " " + peer(k));
        }
    }

    private static long expected(List<long[]> order, String[] nets, int k) {
        byte[] a = Fixtures.ip(peer(k)).getAddress();
        for (long[] e : order) {
            if (e[1] < 0 ? -1 - e[1] == k : Subnet.parse(nets[(int) e[1]]).contains(Fixtures.ip(peer(k)))) return e[0];
        }
        return a.length == 4 ? -1 : -2;
    }

    private static long pairIdOf(SaBundle b) {
        return b == null ? -1 : b.pairId();
    }

    @Test
    void returnsTheSameBundleObjectItInstalled() {
        SaBundle out = bundle(1, Direction.OUTBOUND, toHost(peer(0)), LOCAL, peer(0));
        sad.install(1, RULE, bundle(1, Direction.INBOUND, toHost(peer(0)).mirror(), peer(0), LOCAL), out);
        assertSame(out, lookup(peer(0)));
    }
}
