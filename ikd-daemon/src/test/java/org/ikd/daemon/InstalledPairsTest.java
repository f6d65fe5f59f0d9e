package org.ikd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.sa.Direction;
import org.ikd.core.sa.IpsecSaBundle;
import org.ikd.core.sa.IpsecSaPair;
import org.junit.jupiter.api.Test;

/**
 * Which installed pairs a fresh one replaces (same rule, peer and outbound selector, older id),
 * with 2,000 peers answered by one default-response rule, as the setup-rate bench drives it.
 * Expected pairs are the ones this test installed for each peer.
 */
class InstalledPairsTest {
    private static final InetAddress LOCAL = TestPolicies.ip("198.18.0.2");
    private final InstalledPairs installed = new InstalledPairs();

    private static InetAddress peer(int k) {
        return TestPolicies.ip("198.18." + (16 + (k + 1) / 256) + "." + (k + 1) % 256);
    }

    private static InstalledPairs.Installed pair(String rule, long id, InetAddress peer) {
        IpsecSaPair pair = new IpsecSaPair(id, rule, IpsecSaBundle.of(SaViewsTest.esp(0x1000 + (int) id * 2, Direction.INBOUND, peer, LOCAL)),
                IpsecSaBundle.of(SaViewsTest.esp(0x1001 + (int) id * 2, Direction.OUTBOUND, LOCAL, peer)));
        return new InstalledPairs.Installed(pair, 1, peer, new AcquireRequest(rule, pair.outbound().outermost().selector(), LOCAL, peer),
                false, false, 0);
    }

    private static List<Long> ids(List<InstalledPairs.Installed> pairs) {
        List<Long> out = new ArrayList<>();
        for (InstalledPairs.Installed i : pairs) out.add(i.pair().id());
        out.sort(null);
        return out;
    }

    @Test
    void findsOnlyTheOlderPairOfTheSamePeerAmongTwoThousand() {
        for (int k = 0; k < 2000; k++) {
            InstalledPairs.Installed fresh = pair("default", k + 1, peer(k));
            assertEquals(List.of(), installed.replacedBy(fresh), "first pair of " + peer(k));
            installed.add(fresh);
        }
        for (int k = 0; k < 2000; k += 7) {
            InstalledPairs.Installed renewed = pair("default", 10_000 + k, peer(k));
            assertEquals(List.of((long) k + 1), ids(installed.replacedBy(renewed)), peer(k).toString());
        }
        assertEquals(List.of(), installed.replacedBy(pair("other-rule", 20_000, peer(3))));
        assertEquals(List.of(), installed.replacedBy(pair("default", 20_001, peer(2000))));
    }

    @Test
    void replacesEveryOlderPairOfTheTrafficButNoNewerOne() {
        for (int k = 0; k < 2000; k++) installed.add(pair("default", k + 1, peer(k)));
        installed.add(pair("default", 3000, peer(5)));
        installed.add(pair("default", 3002, peer(5)));
        assertEquals(List.of(6L, 3000L), ids(installed.replacedBy(pair("default", 3001, peer(5)))));
        assertEquals(List.of(6L, 3000L, 3002L), ids(installed.replacedBy(pair("default", 3003, peer(5)))));
    }

    @Test
    void seesANewerPairOfTheSamePeerUnlessItIsBeingDropped() {
        for (int k = 0; k < 2000; k++) installed.add(pair("default", k + 1, peer(k)));
        InstalledPairs.Installed old = installed.find(1500);
        assertFalse(installed.hasNewer(old));
        installed.add(pair("default", 4000, peer(1499)));
        assertTrue(installed.hasNewer(old));
        assertFalse(installed.hasNewer(installed.find(1501)));
        installed.dropping(4000);
        assertFalse(installed.hasNewer(old));
        installed.remove(4000);
        installed.add(pair("default", 4001, peer(1499)));
        assertTrue(installed.hasNewer(old));
    }

    @Test
    void listsTheLivePairsOfOnePeersTrafficForCollisionChecks() {
        for (int k = 0; k < 2000; k++) installed.add(pair("default", k + 1, peer(k)));
        installed.add(pair("default", 2500, peer(42)));
        installed.add(pair("default", 2501, peer(42)));
        installed.dropping(2500);
        assertEquals(List.of(43L, 2501L), ids(installed.liveSameTraffic(pair("default", 2502, peer(42)))));
        assertEquals(List.of(), installed.liveSameTraffic(pair("other-rule", 2503, peer(42))));
    }

    @Test
    void aPairRenewsTheOlderPairsStillSendingAndRemembersThem() {
        installed.add(pair("default", 1, peer(7)));
        installed.add(pair("default", 2, peer(7)));
        assertEquals(Set.of(1L), installed.renewedBy(2));
        installed.handedOver(1);                 // 2 took over the sending
        installed.add(pair("default", 3, peer(7)));
        assertEquals(Set.of(2L), installed.renewedBy(3), "a handed-over pair is renewed already");
        installed.dropping(3);
        assertEquals(Set.of(2L), installed.renewing(pair("default", 4, peer(7))), "a dropped pair renews nothing");
        assertEquals(Set.of(), installed.renewedBy(1));
        installed.remove(2);
        assertEquals(Set.of(), installed.renewedBy(2));
    }

    @Test
    void forgetsRemovedPairs() {
        for (int k = 0; k < 2000; k++) installed.add(pair("default", k + 1, peer(k)));
        for (int k = 0; k < 2000; k += 2) installed.remove(k + 1);
        for (int k = 0; k < 2000; k += 97) {
            List<Long> expected = k % 2 == 0 ? List.of() : List.of((long) k + 1);
            assertEquals(expected, ids(installed.replacedBy(pair("default", 9000 + k, peer(k)))), peer(k).toString());
        }
        assertEquals(1000, installed.size());
    }
}
