package org.ikd.core.ike;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine's mechanics over the toy protocol of {@link FakeExchanges}: two engines talking through a list. */
class IkeEngineTest {
    static final InetAddress ADDRESS_A = address("198.18.0.1");
    static final InetAddress ADDRESS_B = address("198.18.0.2");
    static final int PORT = 500;

    FakeExchanges fakeA;
    FakeExchanges fakeB;
    EnginePair pair;

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @BeforeEach
    void twoEngines() {
        fakeA = new FakeExchanges();
        fakeB = new FakeExchanges();
        pair = new EnginePair(new IkeEngine(IkeConfig.DEFAULT, fakeA, new SeededEntropy(1), new IkeStatistics()), ADDRESS_A,
                new IkeEngine(IkeConfig.DEFAULT, fakeB, new SeededEntropy(2), new IkeStatistics()), ADDRESS_B, PORT);
    }

    static AcquireRequest acquire(String rule) {
        return new AcquireRequest(rule, Selector.between(Subnet.host(ADDRESS_A), Subnet.host(ADDRESS_B)), ADDRESS_A, ADDRESS_B);
    }

    static String body(OutboundDatagram d) {
        return new String(d.message().slice(28, d.message().length()).toArray(), StandardCharsets.US_ASCII);
    }

    List<String> bodies() {
        return pair.network.stream().map(IkeEngineTest::body).toList();
    }

    @Test
    void establishesPhaseOneThenRunsTheQueuedQuickMode() {
        pair.acquire(pair.a, acquire("r1"));
        // HDR, MM1 -->   <-- HDR, MM2   HDR, MM3 -->   <-- HDR, MM4   HDR*, QM1 -->   <-- QM2   QM3 -->
        assertEquals(7, pair.deliverAll());
        assertEquals(1, pair.a.events(IkeEvent.PhaseOneEstablished.class).size());
        assertEquals(1, pair.b.events(IkeEvent.PhaseOneEstablished.class).size());
        assertEquals(List.of("MM2", "MM4", "QM2"), fakeA.received);
        assertEquals(List.of("MM1", "MM3", "QM1", "QM3"), fakeB.received);
        assertEquals(1, pair.a.count(IkeCounter.MAIN_MODES));
        assertEquals(1, pair.b.count(IkeCounter.OAKLEY_MAIN_MODES));
        assertEquals(0, pair.a.count(IkeCounter.ACTIVE_ACQUIRE));
        assertFalse(pair.a.timers.keySet().stream().anyMatch(k -> k.kind() == TimerKey.Kind.RETRANSMIT), "nothing awaits a reply");
        assertFalse(pair.a.timers.keySet().stream().anyMatch(k -> k.kind() == TimerKey.Kind.NEGOTIATION), "half-open time-out cancelled");
        CookiePair ca = pair.a.engine.isakmpSas().get(0).cookies();
        CookiePair cb = pair.b.engine.isakmpSas().get(0).cookies();
        assertEquals(ca, cb, "the initiator learnt the responder cookie");
        assertTrue(ca.responderKnown());
    }

    @Test
    void aSecondAcquireReusesTheEstablishedIsakmpSa() {
        pair.acquire(pair.a, acquire("r1"));
        pair.deliverAll();
        pair.acquire(pair.a, acquire("r2"));
        assertEquals(List.of("QM1"), bodies(), "no new Main Mode");
        pair.deliverAll();
        assertEquals(1, pair.a.engine.isakmpSas().size());
        assertEquals(2, pair.a.count(IkeCounter.TOTAL_ACQUIRE));
    }

    @Test
    void acquiresForAPeerInMainModeWaitForIt() {
        pair.acquire(pair.a, acquire("r1"));
        pair.acquire(pair.a, acquire("r2"));
        pair.acquire(pair.a, acquire("r2"));                       // the same acquire again: not queued twice
        assertEquals(2, pair.a.count(IkeCounter.ACTIVE_ACQUIRE));
        assertEquals(List.of("MM1"), bodies());
        pair.deliverAll();
        assertEquals(2, pair.a.events(IkeEvent.Progress.class).size(), "two Quick Modes completed");
        assertEquals(0, pair.a.count(IkeCounter.ACTIVE_ACQUIRE));
    }

    @Test
    void retransmitsAfterOneTwoFourEightSixteenSecondsThenGivesUp() {
        pair.acquire(pair.a, acquire("r1"));
        Bytes first = pair.drop().message();                              // MM1 is lost, and so is every resend
        long[] expectedDelays = {1, 2, 4, 8};                              // RetransmitPolicy.DEFAULT: doubling from 1 s
        for (long delay : expectedDelays) {
            TimerKey k = retransmitTimer(pair.a);
            assertEquals(pair.now.plusSeconds(delay), pair.a.timers.get(k));
            pair.advance(Duration.ofSeconds(delay));
            assertEquals(1, pair.network.size());
            assertEquals(first, pair.drop().message(), "a resend is byte-identical");
        }
        TimerKey k = retransmitTimer(pair.a);
        assertEquals(pair.now.plusSeconds(16), pair.a.timers.get(k));
        pair.advance(Duration.ofSeconds(16));
        assertTrue(pair.network.isEmpty(), "five transmissions, then silence");
        IkeEvent.NegotiationFailed f = pair.a.events(IkeEvent.NegotiationFailed.class).get(0);
        assertEquals(IkeEvent.FailurePoint.PEER, f.point());
        assertTrue(f.reason().contains("no answer to MM after 5 transmissions"), f.reason());
        assertTrue(pair.a.engine.isakmpSas().isEmpty());
        assertEquals(1, pair.a.count(IkeCounter.ACQUIRE_FAILURES));
        assertTrue(pair.a.timers.isEmpty(), "every timer of the SA cancelled: " + pair.a.timers);
    }

    private static TimerKey retransmitTimer(EnginePair.Side side) {
        return side.timers.keySet().stream().filter(k -> k.kind() == TimerKey.Kind.RETRANSMIT).findFirst().orElseThrow();
    }

    @Test
    void aLostReplyIsRecoveredByRetransmission() {
        pair.acquire(pair.a, acquire("r1"));
        pair.deliverNext();                     // MM1 -->
        pair.drop();                            // <-- MM2 lost
        pair.advance(Duration.ofSeconds(1));    // MM1 again -->, and B (awaiting MM3) resends MM2
        assertEquals(List.of("MM1", "MM2"), bodies().stream().sorted().toList());
        pair.filter(d -> body(d).equals("MM1"));   // lose B's resend too
        pair.deliverNext();                     // B sees a duplicate: resends MM2 without asking its exchange
        assertEquals(List.of("MM2"), bodies());
        assertEquals(List.of("MM1"), fakeB.received);
        pair.deliverAll();
        assertEquals(1, pair.a.events(IkeEvent.PhaseOneEstablished.class).size());
    }

    @Test
    void aDuplicatedRequestGetsTheSameReplyAndNeverReachesTheExchangeTwice() {
        pair.acquire(pair.a, acquire("r1"));
        OutboundDatagram mm1 = pair.network.get(0);
        pair.deliverNext();
        Bytes mm2 = pair.network.get(0).message();
        pair.deliver(mm1);                                 // the network duplicated MM1
        assertEquals(2, pair.network.size());
        assertEquals(mm2, pair.network.get(1).message());
        assertEquals(List.of("MM1"), fakeB.received);
        pair.deliverAll();                                 // A gets MM2 twice: answers the second with MM3 again
        assertEquals(List.of("MM2", "MM4", "QM2"), fakeA.received);
        assertEquals(1, pair.b.events(IkeEvent.PhaseOneEstablished.class).size());
    }

    @Test
    void theLastMainModeMessageLostIsResentWhenThePeerRepeatsItself() {
        pair.acquire(pair.a, acquire("r1"));
        pair.deliverNext();                     // MM1 -->
        pair.deliverNext();                     // <-- MM2
        pair.deliverNext();                     // MM3 -->  (B is established)
        assertEquals(List.of("MM4"), bodies());
        pair.drop();                            // <-- MM4 lost
        pair.advance(Duration.ofSeconds(1));    // A resends MM3
        pair.deliverNext();
        assertEquals(List.of("MM4"), bodies(), "B answers the repeated MM3 with the MM4 it had");
        pair.deliverAll();
        assertEquals(1, pair.a.events(IkeEvent.PhaseOneEstablished.class).size());
    }

    @Test
    void reorderedQuickModeMessagesOfTwoExchangesAreMatchedByMessageId() {
        pair.acquire(pair.a, acquire("r1"));
        pair.deliverAll();
        pair.acquire(pair.a, acquire("r2"));
        pair.acquire(pair.a, acquire("r3"));
        assertEquals(2, pair.network.size());
        java.util.Collections.reverse(pair.network);       // QM1 of r3 overtakes QM1 of r2
        pair.deliverAll();
        assertEquals(3, pair.a.events(IkeEvent.Progress.class).size());
        assertEquals(3, pair.b.events(IkeEvent.Progress.class).size());
    }

    @Test
    void aReplayedMessageIdOfAFinishedExchangeIsRefusedAfterItsLingerTime() {
        pair.acquire(pair.a, acquire("r1"));
        pair.deliverNext();
        pair.deliverNext();
        pair.deliverNext();
        pair.deliverNext();                                // MM done; QM1 on the network
        OutboundDatagram qm1 = pair.network.get(0);
        pair.deliverAll();
        pair.advance(RetransmitPolicy.DEFAULT.window().plusSeconds(1));
        long before = pair.b.count(IkeCounter.INVALID_PACKETS_RECEIVED);
        pair.deliver(qm1);
        assertTrue(pair.network.isEmpty(), "no new Quick Mode from a replay");
        assertEquals(before + 1, pair.b.count(IkeCounter.INVALID_PACKETS_RECEIVED));
        assertTrue(pair.b.events(IkeEvent.PacketDropped.class).get(0).reason().contains("already used"));
    }

    @Test
    void atTheHalfOpenLimitTheOldestMainModeGivesWayToANewOne() {
        IkeEngine b = new IkeEngine(IkeConfig.DEFAULT.withHalfOpenLimit(2), fakeB, new SeededEntropy(3), new IkeStatistics());
        pair = new EnginePair(pair.a.engine, ADDRESS_A, b, ADDRESS_B, PORT);
        deliverToB(firstMessage(1, "MM1"));
        long oldest = pair.b.engine.isakmpSas().get(0).serial();
        for (long cookie = 2; cookie <= 3; cookie++) deliverToB(firstMessage(cookie, "MM1"));
        assertEquals(2, pair.b.count(IkeCounter.ACTIVE_RECEIVE), "the limit holds");
        assertEquals(1, pair.b.count(IkeCounter.RECEIVE_FAILURES), "one Main Mode given up");
        assertEquals(3, pair.network.size(), "each first message was answered");
        assertTrue(pair.b.engine.isakmpSas().stream().noneMatch(sa -> sa.cookies().initiator() == 1), "the oldest is gone");
        assertTrue(pair.b.timers.keySet().stream().noneMatch(k -> k.sa() == oldest), "its timers are cancelled");
        pair.network.clear();
        pair.advance(IkeConfig.DEFAULT.negotiationTimeout());
        assertEquals(0, pair.b.count(IkeCounter.ACTIVE_RECEIVE), "the other two timed out");
        deliverToB(firstMessage(4, "MM1"));
        assertEquals(1, pair.b.count(IkeCounter.ACTIVE_RECEIVE));
    }

    private Bytes firstMessage(long cookie, String body) {
        return FakeExchanges.message(new CookiePair(cookie, 0), FakeExchanges.IDENTITY_PROTECTION, 0, body);
    }

    private Step deliverToB(Bytes message) {
        return pair.apply(pair.b, pair.b.engine.receive(new InboundDatagram(pair.endpoint(pair.b), pair.endpoint(pair.a), false, message), pair.now));
    }

    @Test
    void aRefusedMainModeAnswersWithTheNotifyAndLeavesNoSa() {
        deliverToB(firstMessage(7, "REFUSE"));
        assertEquals(List.of("NO-PROPOSAL-CHOSEN"), bodies());
        IkeEvent.NegotiationFailed f = pair.b.events(IkeEvent.NegotiationFailed.class).get(0);
        assertEquals(IkeEvent.FailurePoint.ME, f.point());
        assertEquals("peer offered des-md5-modp768; we accept aes128-sha1-modp2048", f.reason());
        assertEquals(1, pair.b.count(IkeCounter.NEGOTIATION_FAILURES));
        assertTrue(pair.b.engine.isakmpSas().isEmpty());
        assertTrue(pair.b.timers.isEmpty());
    }

    @Test
    void aMessageWithUnknownCookiesIsCountedAsAnInvalidCookie() {
        deliverToB(FakeExchanges.message(new CookiePair(5, 6), FakeExchanges.IDENTITY_PROTECTION, 0, "MM3"));
        assertEquals(1, pair.b.count(IkeCounter.INVALID_COOKIES_RECEIVED));
        assertTrue(pair.network.isEmpty());
        assertTrue(pair.b.engine.isakmpSas().isEmpty());
    }

    @Test
    void hostilePacketsNeverDisturbAnotherSaNorEscapeReceive() {
        pair.acquire(pair.a, acquire("r1"));
        pair.deliverNext();                                   // MM1 -->: B now has a half-open SA
        CookiePair victim = pair.b.engine.isakmpSas().get(0).cookies();
        Random r = new Random(42);
        int hostile = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[r.nextInt(120)];
            r.nextBytes(junk);
            if (junk.length >= 28 && i % 2 == 0) {            // half carry the victim's cookies and a valid version
                java.nio.ByteBuffer.wrap(junk).putLong(victim.initiator()).putLong(victim.responder());
                junk[17] = 0x10;
                junk[18] = FakeExchanges.IDENTITY_PROTECTION;
                junk[20] = junk[21] = junk[22] = junk[23] = 0;
            }
            deliverToB(Bytes.of(junk));
            hostile++;
        }
        deliverToB(FakeExchanges.message(victim, FakeExchanges.IDENTITY_PROTECTION, 0, "BOOM"));   // the exchange throws an NPE
        hostile++;
        long dropped = pair.b.count(IkeCounter.INVALID_PACKETS_RECEIVED) + pair.b.count(IkeCounter.INVALID_COOKIES_RECEIVED)
                + pair.b.count(IkeCounter.RECEIVE_FAILURES) + pair.b.count(IkeCounter.INTERNAL_ERRORS);
        assertEquals(hostile, dropped + pair.b.events(IkeEvent.NegotiationFailed.class).size() + halfOpenMadeByJunk(victim),
                "every hostile datagram is accounted for");
        pair.filter(d -> body(d).equals("MM2"));             // keep only the victim's answer on the network
        pair.deliverAll();
        assertEquals(1, pair.a.events(IkeEvent.PhaseOneEstablished.class).size(), "the victim SA still completes");
        assertEquals(1, pair.b.events(IkeEvent.PhaseOneEstablished.class).size());
    }

    /** Random junk with a zero responder cookie and body "MM1" would open SAs; count those (none expected). */
    private long halfOpenMadeByJunk(CookiePair victim) {
        return pair.b.engine.isakmpSas().stream().filter(s -> !s.cookies().equals(victim)).count();
    }

    @Test
    void aBugInAnExchangeIsContainedAndCountedAsAnInternalError() {
        pair.acquire(pair.a, acquire("r1"));
        pair.deliverNext();
        CookiePair c = pair.b.engine.isakmpSas().get(0).cookies();
        Step s = deliverToB(FakeExchanges.message(c, FakeExchanges.IDENTITY_PROTECTION, 0, "BOOM"));
        assertEquals(1, pair.b.count(IkeCounter.INTERNAL_ERRORS));
        assertEquals(0, pair.b.count(IkeCounter.INVALID_PACKETS_RECEIVED), "a bug is not the peer's bad input");
        IkeEvent.PacketDropped d = (IkeEvent.PacketDropped) s.events().get(0);
        assertTrue(d.reason().startsWith("internal error"), d.reason());
        assertNotNull(pair.b.engine.find(c), "the SA survives");
    }

    @Test
    void shutdownSendsADeleteForEveryEstablishedSaAndCancelsItsTimers() {
        pair.acquire(pair.a, acquire("r1"));
        pair.deliverAll();
        pair.apply(pair.a, pair.a.engine.shutdown(pair.now));
        assertEquals(List.of("DELETE"), bodies());
        assertEquals(1, fakeA.deleteMessageIds.size());
        assertTrue(fakeA.deleteMessageIds.get(0) != 0, "a fresh non-zero message ID (RFC 2408 §3.1)");
        IkeEvent.SaDeleted d = pair.a.events(IkeEvent.SaDeleted.class).get(0);
        assertEquals(IkeEvent.DeletedBy.LOCAL, d.by());
        assertTrue(pair.a.timers.isEmpty(), "timers left: " + pair.a.timers);
        assertTrue(pair.a.engine.isakmpSas().isEmpty());
        assertEquals(0, pair.a.count(IkeCounter.MAIN_MODES));
    }

    @Test
    void theIsakmpSaExpiresAtItsLifetime() {
        pair.acquire(pair.a, acquire("r1"));
        pair.deliverAll();
        pair.network.clear();
        pair.advance(Duration.ofHours(8));
        IkeEvent.SaDeleted d = pair.a.events(IkeEvent.SaDeleted.class).get(0);
        assertEquals(IkeEvent.DeletedBy.EXPIRED, d.by());
        assertTrue(pair.a.engine.isakmpSas().isEmpty());
    }

    @Test
    void aTimerOfAGoneSaDoesNothing() {
        assertEquals(Step.NONE, pair.a.engine.timerFired(new TimerKey(99, TimerKey.Kind.RETRANSMIT, 0), pair.now));
    }

    @Test
    void answersFromTheAddressAndPortTheRequestCameTo() {
        InetSocketAddress local = new InetSocketAddress(ADDRESS_B, 4500);
        InetSocketAddress remote = new InetSocketAddress(ADDRESS_A, 31337);
        Step s = pair.b.engine.receive(new InboundDatagram(local, remote, true, firstMessage(9, "MM1")), pair.now);
        OutboundDatagram d = s.send().get(0);
        assertEquals(local, d.local());
        assertEquals(remote, d.remote());
        assertEquals(OutboundDatagram.Framing.NON_ESP_MARKER, d.framing());
        assertNull(pair.b.engine.isakmpSas().get(0).expiresAt());
    }
}
