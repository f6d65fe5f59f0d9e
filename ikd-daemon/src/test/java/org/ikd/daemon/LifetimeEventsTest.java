package org.ikd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.sa.Direction;
import org.ikd.core.sa.IpsecSaBundle;
import org.ikd.core.sa.IpsecSaPair;
import org.ikd.esp.DataPlane;
import org.ikd.esp.DataPlaneConfig;
import org.ikd.esp.SaEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When a soft lifetime renews a pair (RFC 2409 §5.5), in each role. The pairs have a 3600 s
 * lifetime with the soft point at 90 % (3240 s): the time margin is 360 s, so the responder's wait
 * on a soft time crossing is 180 s. On soft bytes neither side waits: the time margin says nothing
 * about how long the bytes left last, and charon never rekeys on bytes.
 */
class LifetimeEventsTest {
    private static final InetAddress LOCAL = TestPolicies.ip("198.18.0.2");
    private static final InetAddress PEER = TestPolicies.ip("198.18.0.1");
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final InstalledPairs installed = new InstalledPairs();
    private final AtomicInteger quickModes = new AtomicInteger();
    private final LifetimeEvents events = new LifetimeEvents(new DataPlane(DataPlaneConfig.defaults(), System::nanoTime), installed,
            timer, task -> quickModes.incrementAndGet());

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private static InstalledPairs.Installed pair(long id, boolean initiator) {
        IpsecSaPair pair = new IpsecSaPair(id, "r1", IpsecSaBundle.of(SaViewsTest.esp(0x1000 + (int) id * 2, Direction.INBOUND, PEER, LOCAL)),
                IpsecSaBundle.of(SaViewsTest.esp(0x1001 + (int) id * 2, Direction.OUTBOUND, LOCAL, PEER)));
        return new InstalledPairs.Installed(pair, 1, PEER, new AcquireRequest("r1", pair.outbound().outermost().selector(), LOCAL, PEER),
                false, initiator, 0);
    }

    private static SaEvent soft(SaEvent.Kind kind, InstalledPairs.Installed i, Direction d) {
        var sa = d == Direction.INBOUND ? i.pair().inbound().outermost() : i.pair().outbound().outermost();
        return new SaEvent(kind, i.pair().id(), i.rule(), d, sa.spi());
    }

    /** Lets the timer run what {@code handle} queued without delay (one thread: in order). */
    private void settle() throws Exception {
        timer.submit(() -> { }).get(5, TimeUnit.SECONDS);
    }

    @Test
    void onSoftBytesBothRolesRenewAtOnce() {
        for (boolean initiator : new boolean[] {true, false}) {
            assertEquals(0, LifetimeEvents.rekeyDelaySeconds(pair(1, initiator), SaEvent.Kind.SOFT_LIFETIME_BYTES), "initiator " + initiator);
            assertEquals(0, LifetimeEvents.rekeyDelaySeconds(pair(1, initiator), SaEvent.Kind.SEQUENCE_EXHAUSTED), "initiator " + initiator);
        }
    }

    @Test
    void onSoftTimeTheResponderWaitsHalfTheMargin() {
        assertEquals(0, LifetimeEvents.rekeyDelaySeconds(pair(1, true), SaEvent.Kind.SOFT_LIFETIME_TIME));
        assertEquals(180, LifetimeEvents.rekeyDelaySeconds(pair(1, false), SaEvent.Kind.SOFT_LIFETIME_TIME));
    }

    @Test
    void aResponderPairAtItsSoftByteLimitStartsAQuickMode() throws Exception {
        InstalledPairs.Installed i = pair(1, false);
        installed.add(i);
        events.handle(soft(SaEvent.Kind.SOFT_LIFETIME_BYTES, i, Direction.INBOUND));
        settle();
        assertEquals(1, quickModes.get(), "the responder renews on bytes itself");
        events.handle(soft(SaEvent.Kind.SOFT_LIFETIME_BYTES, i, Direction.OUTBOUND));
        settle();
        assertEquals(1, quickModes.get(), "one rekey per pair, whichever of its SAs crossed");
    }

    @Test
    void aResponderPairThePeerRenewedFirstIsNotRenewedAgain() throws Exception {
        InstalledPairs.Installed i = pair(1, false);
        installed.add(i);
        installed.add(pair(2, false));                                 // the peer's rekey, installed before our turn
        events.handle(soft(SaEvent.Kind.SOFT_LIFETIME_BYTES, i, Direction.OUTBOUND));
        settle();
        assertEquals(0, quickModes.get());
    }

    @Test
    void aResponderPairAtItsSoftTimeWaits() throws Exception {
        InstalledPairs.Installed i = pair(1, false);
        installed.add(i);
        events.handle(soft(SaEvent.Kind.SOFT_LIFETIME_TIME, i, Direction.OUTBOUND));
        settle();
        assertEquals(0, quickModes.get(), "renewed 180 s later if the initiator did not");
    }
}
