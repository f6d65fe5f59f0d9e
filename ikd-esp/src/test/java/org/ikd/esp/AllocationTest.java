package org.ikd.esp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.sa.Mode;
import org.ikd.esp.Fixtures.Link;
import org.ikd.esp.Fixtures.Suite;
import org.junit.jupiter.api.Test;

/**
 * "Allocates nothing per packet": the seal and open paths of every transform (AES-CBC, NULL, AH,
 * AES-GCM, in tunnel and transport mode, with and without ESN) are measured with the JVM's
 * per-thread allocation counter. Before GcmEsp built GCM itself, SunJCE's GCM allocated ~1.1 KB
 * in every {@code init}.
 */
class AllocationTest {
    private static final int PACKETS = 20_000;

    @Test
    void sealAndOpenAllocateNothingPerPacket() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        for (Suite s : List.of(Suite.esp(EspCipher.AES_CBC, 128, IntegrityAlgorithm.HMAC_SHA1_96, Mode.TUNNEL),
                Suite.esp(EspCipher.NULL, 0, IntegrityAlgorithm.HMAC_SHA2_256_128, Mode.TRANSPORT),
                Suite.ah(IntegrityAlgorithm.HMAC_SHA1_96, Mode.TUNNEL))) {
            Link link = new Link(s.withWindow(0));
            byte[] inner = s.mode() == Mode.TUNNEL ? Packets.udp("198.18.10.5", "198.18.20.9", 1, 2, 1000)
                    : Packets.udp(Fixtures.A, Fixtures.B, 1, 2, 1000);
            long n = perPacket(mx, self, link, inner);
            assertTrue(n == 0, s.name() + " allocated " + n + " bytes per packet");
        }
    }

    /** RFC 4106 in both modes, both key sizes of the bench, with and without ESN (the 12-byte AAD of §5). */
    @Test
    void gcmAllocatesNothingPerPacket() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        for (Suite s : List.of(Suite.esp(EspCipher.AES_GCM_16, 128, null, Mode.TUNNEL),
                Suite.esp(EspCipher.AES_GCM_16, 256, null, Mode.TRANSPORT),
                Suite.esp(EspCipher.AES_GCM_16, 128, null, Mode.TRANSPORT).withEsn(),
                Suite.esp(EspCipher.AES_GCM_16, 256, null, Mode.TUNNEL).withEsn())) {
            Link link = new Link(s.withWindow(0));
            for (int size : new int[] {28, 1000, 1400}) {
                byte[] inner = s.mode() == Mode.TUNNEL ? Packets.udp("198.18.10.5", "198.18.20.9", 1, 2, size)
                        : Packets.udp(Fixtures.A, Fixtures.B, 1, 2, size);
                long n = perPacket(mx, self, link, inner);
                assertTrue(n == 0, s.name() + " with " + size + " bytes of UDP allocated " + n + " bytes per packet");
            }
        }
    }

    /** RFC 4302 over IPv6: the extension header walk and the ICV over zeroed fields, in both modes. */
    @Test
    void ipv6AhAllocatesNothingPerPacket() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        byte[] a6 = Fixtures.ip(Fixtures.A6).getAddress();
        byte[] b6 = Fixtures.ip(Fixtures.B6).getAddress();
        for (Suite s : List.of(Suite.ah(IntegrityAlgorithm.HMAC_SHA2_256_128, Mode.TRANSPORT),
                Suite.ah(IntegrityAlgorithm.HMAC_SHA1_96, Mode.TUNNEL))) {
            Link link = new Link(s.withWindow(0), 0x1000, true);
            byte[] inner = s.mode() == Mode.TUNNEL
                    ? Packets.udp6(Fixtures.ip("2001:2:a::5").getAddress(), Fixtures.ip("2001:2:b::9").getAddress(), 1, 2, 1000)
                    : Packets.udp6(a6, b6, 1, 2, 1000);
            long n = perPacket(mx, self, link, inner);
            assertTrue(n == 0, s.name() + " over IPv6 allocated " + n + " bytes per packet");
        }
    }

    private static long perPacket(com.sun.management.ThreadMXBean mx, long self, Link link, byte[] inner) {
        link.send(inner);
        byte[] wire = link.wire();
        for (int i = 0; i < PACKETS; i++) roundTrip(link, inner, wire);      // warm up
        long before = mx.getThreadAllocatedBytes(self);
        for (int i = 0; i < PACKETS; i++) roundTrip(link, inner, wire);
        return (mx.getThreadAllocatedBytes(self) - before) / PACKETS;
    }

    /**
     * RFC 4301 §8.1/§8.2: a DF packet too big for the path turned into ICMP in place, and a non-DF
     * one cut into fragments, each protected (CBC, whose JCA calls do not allocate).
     */
    @Test
    void tooBigForThePathAllocatesNothingPerPacket() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        Link link = new Link(Suite.esp(EspCipher.AES_CBC, 128, IntegrityAlgorithm.HMAC_SHA1_96, Mode.TUNNEL).withWindow(0));
        link.a.pathMtuSource(peer -> 1400);
        byte[] df = Packets.udp("198.18.10.5", "198.18.20.9", 1, 2, 1472);
        byte[] noDf = df.clone();
        noDf[6] = 0;
        noDf[10] = 0;
        noDf[11] = 0;
        int c = org.ikd.esp.packet.InternetChecksum.compute(noDf, 0, 20);
        noDf[10] = (byte) (c >> 8);
        noDf[11] = (byte) c;
        for (int i = 0; i < PACKETS; i++) {                                      // warm up
            link.a.tick();
            tooBig(link, df, noDf);
        }
        long allocated = 0;
        for (int i = 0; i < PACKETS; i++) {
            link.a.tick();                                // refills the ICMP budget: once a second, not per packet
            long before = mx.getThreadAllocatedBytes(self);
            tooBig(link, df, noDf);
            allocated += mx.getThreadAllocatedBytes(self) - before;
        }
        assertTrue(allocated / PACKETS == 0, "allocated " + allocated / PACKETS + " bytes per packet");
    }

    private static void tooBig(Link link, byte[] df, byte[] noDf) {
        assertEquals(Verdict.DELIVER, link.send(df));
        assertEquals(Verdict.TRANSMIT, link.send(noDf));
        while (link.pa.moreFragments()) assertEquals(Verdict.TRANSMIT, link.a.nextFragment(link.pa));
    }

    private static void roundTrip(Link link, byte[] inner, byte[] wire) {
        System.arraycopy(inner, 0, link.pa.array(), PacketBuffer.HEADROOM, inner.length);
        link.pa.loadIp(inner.length);
        assertEquals(Verdict.TRANSMIT, link.a.outbound(link.pa));
        System.arraycopy(wire, 0, link.pb.array(), PacketBuffer.HEADROOM, wire.length);
        link.pb.loadIp(wire.length);
        assertEquals(Verdict.DELIVER, link.b.inbound(link.pb));
    }
}
