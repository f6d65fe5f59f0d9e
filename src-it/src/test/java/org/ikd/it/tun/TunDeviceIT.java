package org.ikd.it.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ikd.tun.LinkAddress;
import org.ikd.tun.LinkSettings;
import org.ikd.tun.TunDevice;
import org.ikd.tun.TunQueue;
import org.ikd.tun.posix.PosixLinkLayer;
import org.ikd.tun.posix.PosixTunDevice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A multi-queue TUN device in a fresh namespace: iputils ping sends an echo request into it, pump
 * threads read it from whichever queue the kernel chose, write the reply, and ping must succeed.
 */
class TunDeviceIT {
    private static final byte[] PEER = {(byte) 198, 18, 0, 2};
    private TestNamespace ns;
    private final ExecutorService pumps = Executors.newCachedThreadPool();

    @BeforeEach
    void namespace() throws Exception {
        assumeTrue(TestNamespace.isRoot(), "needs root: network namespaces and TUN");
        ns = TestNamespace.create();
    }

    @AfterEach
    void cleanup() throws Exception {
        pumps.shutdownNow();
        if (ns != null) ns.close();
    }

    private static LinkSettings settings(int queues) {
        return new LinkSettings("ikdtun0", queues, 1400, List.of(LinkAddress.parse("198.18.0.1/24")),
                4242, 4242, 0x2a, "ikdit");
    }

    /** One pump per queue answering echo requests to 198.18.0.2; ends with -1 when its queue closes. */
    private List<Future<Integer>> answerPings(TunDevice tun, boolean direct, AtomicInteger answered) {
        List<Future<Integer>> running = new ArrayList<>();
        for (TunQueue q : tun.queues()) {
            running.add(pumps.submit(() -> {
                byte[] packet = new byte[2048];
                ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
                for (;;) {
                    int n;
                    if (direct) {
                        n = q.read(buffer.clear());
                        if (n > 0) buffer.flip().get(packet, 0, n);
                    } else {
                        n = q.read(packet, 0, packet.length);
                    }
                    if (n < 0) return n;
                    if (!Packets.hasDestination(packet, PEER) || !Packets.turnEchoRequestIntoReply(packet, n)) continue;
                    int written = direct ? q.write(ByteBuffer.allocateDirect(n).put(packet, 0, n).flip()) : q.write(packet, 0, n);
                    assertEquals(n, written);
                    answered.incrementAndGet();
                }
            }));
        }
        return running;
    }

    private void pingAnsweredThroughTun(int queues, boolean direct) throws Exception {
        PosixLinkLayer layer = ns.call(() -> PosixLinkLayer.open(settings(queues)));
        try {
            TunDevice tun = ns.call(layer::openTun);
            assertEquals(queues, tun.queues().size());
            String link = ns.ip("-o", "link", "show", "ikdtun0");
            assertTrue(link.contains("mtu 1400") && link.contains(",UP"), link);
            assertTrue(ns.ip("-o", "addr", "show", "dev", "ikdtun0").contains("inet 198.18.0.1/24"));

            AtomicInteger answered = new AtomicInteger();
            List<Future<Integer>> running = answerPings(tun, direct, answered);
            TestNamespace.Result ping = ns.exec("ping", "-n", "-c", "2", "-i", "0.2", "-W", "5", "198.18.0.2");
            assertEquals(0, ping.exit(), ping.output());
            assertTrue(ping.output().contains("2 received"), ping.output());
            assertEquals(2, answered.get());

            tun.close();                                            // wakes every blocked pump
            for (Future<Integer> f : running) assertEquals(-1, f.get(5, TimeUnit.SECONDS));
            assertTrue(ns.exec("ip", "link", "show", "ikdtun0").exit() != 0, "device outlived its last queue");
        } finally {
            ns.call(() -> {
                layer.close();
                return null;
            });
        }
    }

    @Test
    void pingIsAnsweredThroughAMultiQueueTunWithByteArrays() throws Exception {
        pingAnsweredThroughTun(2, false);
    }

    @Test
    void pingIsAnsweredThroughATunWithDirectBuffers() throws Exception {
        pingAnsweredThroughTun(1, true);
    }

    @Test
    void closeWakesABlockedReaderAndLaterWritesFail() throws Exception {
        TunDevice tun = ns.call(() -> PosixTunDevice.open("ikdtun1", 1));
        TunQueue q = tun.queues().get(0);
        Future<Integer> reader = pumps.submit(() -> q.read(new byte[2048], 0, 2048));
        Thread.sleep(300);
        assertTrue(!reader.isDone(), "read returned on an idle queue");
        tun.close();
        assertEquals(-1, reader.get(5, TimeUnit.SECONDS));
        assertEquals(-1, q.read(new byte[64], 0, 64));
        assertThrows(ClosedChannelException.class, () -> q.write(new byte[20], 0, 20));
        tun.close();                                                 // idempotent
    }

    @Test
    void secondQueueAttachesToTheSameDevice() throws Exception {
        TunDevice tun = ns.call(() -> PosixTunDevice.open("ikdtun2", 3));
        try {
            String link = ns.ip("-d", "-o", "link", "show", "ikdtun2");
            assertTrue(link.contains("multi_queue"), link);
            assertEquals(1, ns.ip("-o", "link", "show").lines().filter(l -> l.contains("ikdtun2")).count());
        } finally {
            tun.close();
        }
    }
}
