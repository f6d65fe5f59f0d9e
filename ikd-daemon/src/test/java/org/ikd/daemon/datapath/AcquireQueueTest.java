package org.ikd.daemon.datapath;

import static org.ikd.daemon.TestPolicies.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.ikd.daemon.Packets;
import org.ikd.esp.DataPlane;
import org.ikd.esp.DataPlaneConfig;
import org.ikd.esp.PacketBuffer;
import org.ikd.tun.IpFamily;
import org.ikd.tun.RawIpSocket;
import org.ikd.tun.SourceAddress;
import org.junit.jupiter.api.Test;

/** Packets wait for their SA, bounded, and leave in order once it is there. */
class AcquireQueueTest {
    private static final byte[] PING_1 = Packets.icmpEcho(new int[] {198, 18, 0, 1}, new int[] {198, 18, 0, 2});
    private static final byte[] PING_2 = Packets.icmpEcho(new int[] {198, 18, 0, 1}, new int[] {198, 18, 0, 2});

    static {
        PING_2[27] = 2;                                    // a different echo sequence number
    }

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final DataPlane dp = new DataPlane(DataPlaneConfig.defaults(), clock::get);
    private final PacketBuffer pkt = dp.newPacketBuffer();

    private static AcquireRequest toB() {
        return new AcquireRequest("to-b", Selector.between(Subnet.parse("198.18.0.1"), Subnet.parse("198.18.0.2")),
                ip("198.18.0.1"), ip("198.18.0.2"));
    }

    private boolean hold(AcquireQueue q, byte[] packet, boolean fallback) {
        Packets.load(pkt, packet);
        return q.hold(toB(), fallback, pkt);
    }

    @Test
    void onlyTheFirstPacketOfADestinationStartsANegotiation() {
        AcquireQueue q = new AcquireQueue(4, 8, 0, clock::get);
        assertTrue(hold(q, PING_1, false));
        assertFalse(hold(q, PING_2, false));
        assertEquals(2, q.held.get());
        assertEquals(1, q.destinations());
    }

    @Test
    void dropsAndCountsBeyondTheBoundOfADestination() {
        AcquireQueue q = new AcquireQueue(2, 8, 0, clock::get);
        for (int i = 0; i < 5; i++) hold(q, PING_1, false);
        assertEquals(2, q.held.get());
        assertEquals(3, q.dropped.get());
    }

    @Test
    void releasedPacketsLeaveInTheOrderTheyCame() throws Exception {
        AcquireQueue q = new AcquireQueue(4, 8, 0, clock::get);
        hold(q, PING_1, false);
        hold(q, PING_2, false);
        CapturingSocket sent = new CapturingSocket();
        Thread t = startReleases(q, sent);
        q.release("to-b", ip("198.18.0.2"), Duration.ZERO);  // the default SPD permits: they go out unchanged
        for (int i = 0; i < 100 && sent.packets.size() < 2; i++) Thread.sleep(20);
        q.close();
        t.join(2000);
        assertEquals(2, sent.packets.size());
        assertTrue(Arrays.equals(PING_1, sent.packets.get(0)));
        assertTrue(Arrays.equals(PING_2, sent.packets.get(1)));
        assertEquals(0, q.destinations());
    }

    /** Expected values: the clamp(3 x round trip, 10 ms, release delay) of the task brief (docs/operations.md). */
    @Test
    void theReleaseDelayIsThreeQuickModeRoundTripsBetweenTenMillisecondsAndTheConfiguredDelay() {
        AcquireQueue q = new AcquireQueue(4, 8, TimeUnit.MILLISECONDS.toNanos(100), clock::get);
        assertEquals(TimeUnit.MILLISECONDS.toNanos(10), q.releaseDelayNanos(Duration.ofMillis(1)), "floor");
        assertEquals(TimeUnit.MILLISECONDS.toNanos(60), q.releaseDelayNanos(Duration.ofMillis(20)));
        assertEquals(TimeUnit.MILLISECONDS.toNanos(100), q.releaseDelayNanos(Duration.ofMillis(80)), "cap");
    }

    @Test
    void theResponderWithoutARoundTripWaitsTheFloor() {
        AcquireQueue q = new AcquireQueue(4, 8, TimeUnit.MILLISECONDS.toNanos(100), clock::get);
        assertEquals(TimeUnit.MILLISECONDS.toNanos(10), q.releaseDelayNanos(Duration.ZERO));
    }

    @Test
    void aConfiguredDelayBelowTheFloorWins() {
        AcquireQueue q = new AcquireQueue(4, 8, 0, clock::get);
        assertEquals(0, q.releaseDelayNanos(Duration.ofMillis(20)));
        AcquireQueue five = new AcquireQueue(4, 8, TimeUnit.MILLISECONDS.toNanos(5), clock::get);
        assertEquals(TimeUnit.MILLISECONDS.toNanos(5), five.releaseDelayNanos(Duration.ofSeconds(2)));
    }

    @Test
    void aRoundTripTooLongToTripleIsCapped() {
        AcquireQueue q = new AcquireQueue(4, 8, TimeUnit.MILLISECONDS.toNanos(100), clock::get);
        assertEquals(TimeUnit.MILLISECONDS.toNanos(100), q.releaseDelayNanos(Duration.ofDays(365 * 200)));
    }

    /** The release thread holds the batch for the scaled delay: 3 x 20 ms, not the 10 ms floor or the 100 ms cap. */
    @Test
    void releasedPacketsWaitThreeRoundTripsBeforeTheyLeave() throws Exception {
        AcquireQueue q = new AcquireQueue(4, 8, TimeUnit.MILLISECONDS.toNanos(100), System::nanoTime);
        hold(q, PING_1, false);
        CapturingSocket sent = new CapturingSocket();
        Thread t = startReleases(q, sent);
        long start = System.nanoTime();
        q.release("to-b", ip("198.18.0.2"), Duration.ofMillis(20));
        long arrived = 0;
        for (int i = 0; i < 400 && arrived == 0; i++) {
            if (sent.count() > 0) arrived = System.nanoTime();
            else Thread.sleep(1);
        }
        q.close();
        t.join(2000);
        assertEquals(1, sent.count());
        assertEquals(1, q.released.get());
        assertTrue(arrived - start >= TimeUnit.MILLISECONDS.toNanos(60), "left after " + (arrived - start) / 1_000_000 + " ms");
    }

    @Test
    void fallbackDestinationsAreOverdueBeforeOthers() {
        AcquireQueue q = new AcquireQueue(4, 8, 0, clock::get);
        hold(q, PING_1, true);
        clock.addAndGet(6_000_000_000L);
        List<AcquireQueue.Pending> overdue = q.overdue(5_000_000_000L, 60_000_000_000L);
        assertEquals(1, overdue.size());
        assertTrue(overdue.get(0).fallbackToClear);

        hold(q, PING_1, false);
        clock.addAndGet(6_000_000_000L);
        assertTrue(q.overdue(5_000_000_000L, 60_000_000_000L).isEmpty(), "without fallback it waits for the IKE time-out");
        clock.addAndGet(60_000_000_000L);
        assertEquals(1, q.overdue(5_000_000_000L, 60_000_000_000L).size());
    }

    @Test
    void aFailedNegotiationEndsTheWaitOfEveryRuleWithThatPeer() {
        AcquireQueue q = new AcquireQueue(4, 8, 0, clock::get);
        hold(q, PING_1, false);
        assertTrue(q.failed(ip("198.18.0.9")).isEmpty());
        List<AcquireQueue.Pending> failed = q.failed(ip("198.18.0.2"));
        assertEquals(1, failed.size());
        q.giveUp(failed.get(0), false);
        assertEquals(1, q.dropped.get());
        assertEquals(0, q.destinations());
    }

    /** A header-included socket that records what it is asked to send. */
    static final class CapturingSocket implements RawIpSocket {
        final List<byte[]> packets = new ArrayList<>();

        @Override public IpFamily family() { return IpFamily.IPV4; }
        @Override public int protocol() { return 255; }

        @Override
        public int send(byte[] buf, int off, int len, InetAddress destination) {
            throw new UnsupportedOperationException();
        }

        @Override
        public synchronized int sendPacket(byte[] buf, int off, int len) {
            packets.add(Arrays.copyOfRange(buf, off, off + len));
            return len;
        }

        @Override
        public int receive(byte[] buf, int off, int len, SourceAddress from) throws IOException {
            return -1;
        }

        synchronized int count() {
            return packets.size();
        }

        @Override public void close() { }
    }

    /** The release thread of {@code q}, sending through {@code sent}. */
    private Thread startReleases(AcquireQueue q, CapturingSocket sent) {
        Egress egress = new Egress(sent, null);
        PacketBuffer releaseBuffer = dp.newPacketBuffer();
        Thread t = new Thread(() -> q.runReleases(dp, releaseBuffer, egress.port()));
        t.start();
        return t;
    }
}
