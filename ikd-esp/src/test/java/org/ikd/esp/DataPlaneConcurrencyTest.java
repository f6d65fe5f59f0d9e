package org.ikd.esp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.sa.Mode;
import org.ikd.esp.Fixtures.Link;
import org.ikd.esp.Fixtures.Suite;
import org.ikd.esp.packet.NetworkOrder;
import org.junit.jupiter.api.Test;

/** The threading contract of {@link DataPlane}, exercised with real threads. */
class DataPlaneConcurrencyTest {
    private static final int PUMPS = 4;
    private static final int PACKETS = 2000;

    @Test
    void outboundPumpsSharingAnSaNeverReuseASequenceNumber() throws Exception {
        Link link = new Link(Suite.esp(EspCipher.AES_CBC, 128, IntegrityAlgorithm.HMAC_SHA1_96, Mode.TUNNEL));
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        List<byte[]> wires = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < PUMPS; t++) {
            PacketBuffer pkt = link.a.newPacketBuffer();
            threads.add(new Thread(() -> {
                byte[] p = Packets.udp("198.18.10.5", "198.18.20.9", 1, 2, 100);
                for (int i = 0; i < PACKETS; i++) {
                    System.arraycopy(p, 0, pkt.array(), PacketBuffer.HEADROOM, p.length);
                    pkt.loadIp(p.length);
                    if (link.a.outbound(pkt) != Verdict.TRANSMIT) throw new AssertionError(pkt.dropReason());
                    byte[] w = java.util.Arrays.copyOfRange(pkt.array(), pkt.offset(), pkt.offset() + pkt.length());
                    if (!seen.add(NetworkOrder.i32(w, 24))) throw new AssertionError("sequence number reused");
                    wires.add(w);
                }
            }));
        }
        run(threads);
        assertEquals(PUMPS * PACKETS, seen.size());
        int delivered = 0;
        wires.sort(java.util.Comparator.comparingInt(w -> NetworkOrder.i32(w, 24)));   // B's window is 128 wide
        for (byte[] w : wires) if (link.receive(w, Encapsulation.IP) == Verdict.DELIVER) delivered++;
        assertEquals(PUMPS * PACKETS, delivered, "each pump's CBC chain and IVs are independent");
        assertEquals(PUMPS * PACKETS, link.a.securityAssociations().stream()
                .filter(s -> s.direction() == org.ikd.core.sa.Direction.OUTBOUND).mapToLong(SaSnapshot::packets).sum());
    }

    @Test
    void inboundSaOpenedByTwoPumpsStillDeliversEachPacketOnce() throws Exception {
        Link link = new Link(Suite.esp(EspCipher.AES_GCM_16, 128, null, Mode.TUNNEL).withWindow(4096));
        List<byte[]> wires = new ArrayList<>();
        for (int i = 0; i < PACKETS; i++) {
            link.send(Packets.udp("198.18.10.5", "198.18.20.9", 1, 2, 10));
            wires.add(link.wire());
        }
        AtomicInteger delivered = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {                       // the pinning contract broken on purpose
            PacketBuffer pkt = link.b.newPacketBuffer();
            threads.add(new Thread(() -> {
                for (byte[] w : wires) {
                    System.arraycopy(w, 0, pkt.array(), PacketBuffer.HEADROOM, w.length);
                    pkt.loadIp(w.length);
                    if (link.b.inbound(pkt) == Verdict.DELIVER) delivered.incrementAndGet();
                }
            }));
        }
        run(threads);
        assertEquals(PACKETS, delivered.get());
        assertEquals(PACKETS, link.b.statistics().drops(DropReason.REPLAY));
    }

    private static void run(List<Thread> threads) throws InterruptedException {
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (Thread t : threads) {
            t.setUncaughtExceptionHandler((th, e) -> failures.add(e));
            t.start();
        }
        for (Thread t : threads) t.join();
        if (!failures.isEmpty()) throw new AssertionError(failures.get(0));
    }
}
