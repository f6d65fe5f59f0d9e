package org.ikd.daemon.sa;

import static org.ikd.daemon.TestPolicies.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.Secret;
import org.ikd.core.ike.ipsec.Crossing;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.ikd.core.sa.Direction;
import org.ikd.core.sa.IpsecProtocol;
import org.ikd.core.sa.IpsecSaBundle;
import org.ikd.core.sa.IpsecSaPair;
import org.ikd.core.sa.IpsecSaSpec;
import org.ikd.core.sa.Mode;
import org.ikd.core.sa.SaLifetime;
import org.ikd.core.sa.Spi;
import org.ikd.esp.DataPlane;
import org.ikd.esp.DataPlaneConfig;
import org.ikd.esp.SaEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The data plane's lifetime crossings reach the engine (RFC 4301 §4.4.2.1: a soft limit asks for a
 * rekey, a hard one ends the SA), each once, from a real DataPlane on a clock the test moves; issue
 * 15 noted LifetimeEvents had no unit test.
 */
class LifetimeEventsTest {
    private static final InetAddress A = ip("198.18.0.1");
    private static final InetAddress B = ip("198.18.0.2");
    private static final long SECOND = 1_000_000_000L;

    record Crossed(long pairId, Crossing kind, Direction direction) {}

    private final AtomicLong nanos = new AtomicLong(1_000 * SECOND);
    private final DataPlane dp = new DataPlane(DataPlaneConfig.defaults(), nanos::get);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<Crossed> engine = new CopyOnWriteArrayList<>();

    LifetimeEventsTest() {
        new LifetimeEvents(dp, timer, (id, kind, direction) -> engine.add(new Crossed(id, kind, direction)));
    }

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private static IpsecSaSpec esp(int spi, Direction d, InetAddress from, InetAddress to) {
        Selector s = Selector.between(Subnet.host(from), Subnet.host(to));
        return new IpsecSaSpec(new Spi(spi), IpsecProtocol.ESP, d, Mode.TRANSPORT, EspCipher.AES_GCM_16, 128, null,
                Secret.of(new byte[20]), null, from, to, s, SaLifetime.of(100, 0, 90), null, false, 64);
    }

    /** Waits (at most 5 s) until the timer thread handed {@code n} crossings to the engine. */
    private List<Crossed> await(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (engine.size() < n && System.nanoTime() < deadline) Thread.sleep(5);
        return List.copyOf(engine);
    }

    @Test
    void aSoftTimeCrossingOfEachDirectionReachesTheEngineOnce() throws Exception {
        dp.install(new IpsecSaPair(7, "peer", IpsecSaBundle.of(esp(0x100, Direction.INBOUND, B, A)),
                IpsecSaBundle.of(esp(0x200, Direction.OUTBOUND, A, B))));
        nanos.addAndGet(89 * SECOND);
        dp.tick();
        nanos.addAndGet(2 * SECOND);                                  // 91 s: past the soft 90 s, before the hard 100 s
        dp.tick();
        dp.tick();                                                    // a crossing is raised once, not per tick
        List<Crossed> crossed = await(2);
        assertEquals(Set.of(new Crossed(7, Crossing.SOFT_TIME, Direction.INBOUND), new Crossed(7, Crossing.SOFT_TIME, Direction.OUTBOUND)),
                Set.copyOf(crossed));
        assertEquals(2, crossed.size(), crossed.toString());
    }

    @Test
    void aHardTimeCrossingReachesTheEngineAsHard() throws Exception {
        dp.install(new IpsecSaPair(8, "peer", IpsecSaBundle.of(esp(0x300, Direction.INBOUND, B, A)),
                IpsecSaBundle.of(esp(0x400, Direction.OUTBOUND, A, B))));
        nanos.addAndGet(101 * SECOND);
        dp.tick();
        List<Crossed> crossed = await(1);
        assertTrue(crossed.stream().anyMatch(c -> c.pairId() == 8 && c.kind() == Crossing.HARD_TIME), crossed.toString());
        assertTrue(dp.securityAssociations().stream().noneMatch(s -> s.pairId() == 8), "the data plane removed it");
    }

    @Test
    void everyDataPlaneCrossingHasItsEngineCrossing() {
        assertEquals(Crossing.SOFT_BYTES, LifetimeEvents.crossing(SaEvent.Kind.SOFT_LIFETIME_BYTES));
        assertEquals(Crossing.SOFT_TIME, LifetimeEvents.crossing(SaEvent.Kind.SOFT_LIFETIME_TIME));
        assertEquals(Crossing.SEQUENCE_EXHAUSTED, LifetimeEvents.crossing(SaEvent.Kind.SEQUENCE_EXHAUSTED));
        assertEquals(Crossing.HARD_BYTES, LifetimeEvents.crossing(SaEvent.Kind.HARD_LIFETIME_BYTES));
        assertEquals(Crossing.HARD_TIME, LifetimeEvents.crossing(SaEvent.Kind.HARD_LIFETIME_TIME));
    }
}
