package org.ikd.core.ike;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine sends big messages as fragments and reads fragments back, over {@link FakeExchanges}. */
class FragmentationEngineTest {
    static final String BIG_MM3 = "MM3:" + "x".repeat(1500);

    FakeExchanges fakeA = new FakeExchanges();
    FakeExchanges fakeB = new FakeExchanges();

    EnginePair pair(FragmentationSettings.Mode modeA) {
        fakeA.mm3 = BIG_MM3;
        fakeB.mm3 = BIG_MM3;
        IkeConfig a = IkeConfig.DEFAULT.withFragmentation(FragmentationSettings.DEFAULT.withMode(modeA).withFragmentSize(576));
        return new EnginePair(new IkeEngine(a, fakeA, new SeededEntropy(1), new IkeStatistics()), IkeEngineTest.ADDRESS_A,
                new IkeEngine(IkeConfig.DEFAULT, fakeB, new SeededEntropy(2), new IkeStatistics()), IkeEngineTest.ADDRESS_B, 500);
    }

    static boolean isFragment(OutboundDatagram d) {
        return d.message().getUnsigned(16) == 132;
    }

    @Test
    void aMessageTooBigForTheFragmentSizeGoesAsFragmentsAndArrivesWhole() {
        EnginePair p = pair(FragmentationSettings.Mode.FORCE);
        p.acquire(p.a, IkeEngineTest.acquire("r1"));
        p.deliverNext();                                   // MM1 -->
        p.deliverNext();                                   // <-- MM2, and A sends MM3
        List<OutboundDatagram> mm3 = List.copyOf(p.network);
        // 1532-byte MM3, 576 - 28 (IP, UDP) - 36 (ISAKMP header, fragment header) = 512 bytes a fragment
        assertEquals(3, mm3.size());
        assertTrue(mm3.stream().allMatch(FragmentationEngineTest::isFragment));
        assertTrue(mm3.stream().allMatch(d -> d.message().length() <= 576 - 28), "each fits 576 bytes of IP");
        p.deliverAll();
        assertTrue(fakeB.received.contains(BIG_MM3), "B's exchange got the reassembled MM3");
        assertEquals(1, p.b.events(IkeEvent.PhaseOneEstablished.class).size());
        assertEquals(new FragmentReassembler.Statistics(3, 0, 1, 0), p.b.engine.fragmentStatistics());
    }

    @Test
    void aRetransmissionResendsEveryFragmentUnderTheSameId() {
        EnginePair p = pair(FragmentationSettings.Mode.FORCE);
        p.acquire(p.a, IkeEngineTest.acquire("r1"));
        p.deliverNext();
        p.deliverNext();
        List<OutboundDatagram> first = List.copyOf(p.network);
        p.deliverNext();                                   // fragment 1 arrives
        p.drop();                                          // fragment 2 is lost
        p.deliverNext();                                   // fragment 3 arrives
        p.advance(IkeConfig.DEFAULT.retransmit().delayAfter(1));
        assertEquals(first, p.network.subList(0, 3), "the same three fragments again");
        p.deliverAll();
        assertEquals(1, p.b.events(IkeEvent.PhaseOneEstablished.class).size());
        assertTrue(p.b.engine.fragmentStatistics().duplicates() >= 1, "fragment 1 came twice: " + p.b.engine.fragmentStatistics());
        assertEquals(0, p.b.count(IkeCounter.INVALID_PACKETS_RECEIVED));
    }

    @Test
    void modeYesSendsWholeMessagesToAPeerThatDidNotAnnounceFragmentation() {
        EnginePair p = pair(FragmentationSettings.Mode.YES);
        p.acquire(p.a, IkeEngineTest.acquire("r1"));
        p.deliverNext();
        p.deliverNext();
        assertEquals(1, p.network.size());
        assertEquals(28 + BIG_MM3.length(), p.network.get(0).message().length());
    }

    @Test
    void aPeerThatFragmentsIsTakenToReassemble() {
        EnginePair p = pair(FragmentationSettings.Mode.FORCE);
        p.acquire(p.a, IkeEngineTest.acquire("r1"));
        p.deliverAll();
        assertTrue(p.b.engine.isakmpSas().get(0).peerDoesFragmentation());
        assertTrue(!p.a.engine.isakmpSas().get(0).peerDoesFragmentation(), "B never said it does");
    }

    @Test
    void aMalformedFragmentIsDroppedAndCountedAsAnInvalidPacket() {
        EnginePair p = pair(FragmentationSettings.Mode.FORCE);
        p.acquire(p.a, IkeEngineTest.acquire("r1"));
        p.deliverNext();
        p.deliverNext();
        OutboundDatagram f = p.drop();
        byte[] bad = f.message().toArray();
        bad[28 + 7] = 0x02;                                // fragment flags: only LAST (1) is defined
        p.deliver(new OutboundDatagram(f.local(), f.remote(), f.framing(), org.ikd.core.crypto.Bytes.of(bad)));
        assertEquals(1, p.b.count(IkeCounter.INVALID_PACKETS_RECEIVED));
        assertEquals(1, p.b.events(IkeEvent.PacketDropped.class).size());
        p.advance(Duration.ZERO);
    }
}
