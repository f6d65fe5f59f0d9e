package org.ikd.core.ike;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sending side of {@code ike-fragmentation} (strongSwan's {@code fragmentation = no|yes|force}):
 * with "no" a big message goes whole even to a peer that fragments itself; "force" fragments without
 * the peer's word. Sizes: 576-byte IP packets, 576 - 28 (IPv4 + UDP) = 548 bytes of ISAKMP whole.
 */
class FragmentationModeTest {
    FakeExchanges fakeA = new FakeExchanges();
    FakeExchanges fakeB = new FakeExchanges();

    private EnginePair pair(FragmentationSettings.Mode a, FragmentationSettings.Mode b) {
        fakeA.mm3 = FragmentationEngineTest.BIG_MM3;
        fakeB.mm3 = FragmentationEngineTest.BIG_MM3;
        return new EnginePair(engine(a, fakeA, 1), IkeEngineTest.ADDRESS_A, engine(b, fakeB, 2), IkeEngineTest.ADDRESS_B, 500);
    }

    private static IkeEngine engine(FragmentationSettings.Mode mode, FakeExchanges fake, long seed) {
        IkeConfig c = IkeConfig.DEFAULT.withFragmentation(FragmentationSettings.DEFAULT.withMode(mode).withFragmentSize(576));
        return new IkeEngine(c, fake, new SeededEntropy(seed), new IkeStatistics());
    }

    /** A initiates; B's MM2 is taken to carry the FRAGMENTATION vendor ID; A's answer is its big MM3. */
    private List<OutboundDatagram> mm3OfA(FragmentationSettings.Mode modeOfA) {
        EnginePair p = pair(modeOfA, FragmentationSettings.Mode.YES);
        p.acquire(p.a, IkeEngineTest.acquire("r1"));
        p.deliverNext();                                    // MM1 -->
        p.a.engine.isakmpSas().get(0).learned(p.a.engine.isakmpSas().get(0).capabilities().fragmenting());     // as if <-- MM2 carried the vendor ID
        p.deliverNext();                                    // <-- MM2, A sends MM3
        return List.copyOf(p.network);
    }

    @Test
    void modeNoSendsABigMessageWholeEvenToAPeerThatReassembles() {
        List<OutboundDatagram> mm3 = mm3OfA(FragmentationSettings.Mode.NO);
        assertEquals(1, mm3.size(), "one datagram: " + mm3);
        assertFalse(FragmentationEngineTest.isFragment(mm3.get(0)));
        assertEquals(28 + FragmentationEngineTest.BIG_MM3.length(), mm3.get(0).message().length());
    }

    @Test
    void modeYesFragmentsTheSameMessageToAPeerThatReassembles() {
        List<OutboundDatagram> mm3 = mm3OfA(FragmentationSettings.Mode.YES);
        // 1532 bytes of MM3; 576 - 28 - 36 = 512 bytes a fragment: 3 fragments
        assertEquals(3, mm3.size());
        assertTrue(mm3.stream().allMatch(FragmentationEngineTest::isFragment));
    }

    @Test
    void modeForceFragmentsWithoutThePeersVendorId() {
        EnginePair p = pair(FragmentationSettings.Mode.FORCE, FragmentationSettings.Mode.NO);
        p.acquire(p.a, IkeEngineTest.acquire("r1"));
        p.deliverNext();
        p.deliverNext();
        assertFalse(p.a.engine.isakmpSas().get(0).peerDoesFragmentation(), "B announced nothing (fake exchanges)");
        // 1532 bytes of MM3; 576 - 28 - 36 = 512 bytes a fragment: 3 fragments
        assertEquals(3, p.network.size());
        assertTrue(p.network.stream().allMatch(FragmentationEngineTest::isFragment));
    }

    @Test
    void onlyModeNoAnnouncesNothing() {
        assertFalse(FragmentationSettings.DEFAULT.withMode(FragmentationSettings.Mode.NO).announces());
        assertTrue(FragmentationSettings.DEFAULT.withMode(FragmentationSettings.Mode.ACCEPT).announces());
        assertTrue(FragmentationSettings.DEFAULT.announces());
        assertTrue(FragmentationSettings.DEFAULT.withMode(FragmentationSettings.Mode.FORCE).announces());
    }
}
