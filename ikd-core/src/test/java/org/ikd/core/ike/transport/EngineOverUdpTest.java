package org.ikd.core.ike.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.FakeExchanges;
import org.ikd.core.ike.IkeConfig;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.IkeStatistics;
import org.ikd.core.ike.SeededEntropy;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.junit.jupiter.api.Test;

/** Two engines (toy exchanges) on two transports over loopback UDP: acquire, Main Mode, Quick Mode, shutdown. */
class EngineOverUdpTest {
    @Test
    void twoEnginesNegotiateOverLoopbackAndSayGoodbyeAtShutdown() throws Exception {
        InetAddress a = InetAddress.getByName("127.0.0.1");
        InetAddress b = InetAddress.getByName("127.0.0.2");
        int[] ports = IkeTransportTest.freePorts();
        IkeConfig config = IkeConfig.DEFAULT.withPorts(ports[0], ports[1]);
        IkeEngine ea = new IkeEngine(config, new FakeExchanges(), new SeededEntropy(1), new IkeStatistics());
        FakeExchanges fakeB = new FakeExchanges();
        IkeEngine eb = new IkeEngine(config, fakeB, new SeededEntropy(2), new IkeStatistics());
        BlockingQueue<IkeEvent> eventsA = new LinkedBlockingQueue<>();
        BlockingQueue<IkeEvent> eventsB = new LinkedBlockingQueue<>();
        TransportConfig tc = TransportConfig.standard(List.of(a)).withPorts(ports[0], ports[1]);
        IkeTransport ta = IkeTransport.start(tc, ea, eventsA::add, EspInUdpSink.DISCARD, ea.statistics(), Clock.systemUTC());
        IkeTransport tb = IkeTransport.start(new TransportConfig(List.of(b), ports[0], ports[1], 0, true, 65535), eb,
                eventsB::add, EspInUdpSink.DISCARD, eb.statistics(), Clock.systemUTC());
        try {
            ta.submit(now -> ea.acquire(new AcquireRequest("r1", Selector.between(Subnet.host(a), Subnet.host(b)), a, b), now));
            assertTrue(eventsA.poll(3, TimeUnit.SECONDS) instanceof IkeEvent.PhaseOneEstablished);
            IkeEvent qm = eventsA.poll(3, TimeUnit.SECONDS);
            assertTrue(qm instanceof IkeEvent.Progress p && p.text().equals("QM established r1"), String.valueOf(qm));
            assertTrue(eventsB.poll(3, TimeUnit.SECONDS) instanceof IkeEvent.PhaseOneEstablished);
        } finally {
            ta.stop(ea::shutdown);
        }
        try {
            IkeEvent deleted = null;
            for (IkeEvent e = eventsB.poll(3, TimeUnit.SECONDS); e != null; e = eventsB.poll(1, TimeUnit.SECONDS))
                if (e instanceof IkeEvent.Progress p && p.text().equals("INFO DELETE")) deleted = e;
            assertNotNull(deleted, "B got A's Delete");
            assertEquals(List.of("MM1", "MM3", "QM1", "QM3", "DELETE"), fakeB.received);
        } finally {
            tb.close();
        }
    }
}
