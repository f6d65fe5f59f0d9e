package org.ikd.tun.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.ikd.tun.IpFamily;
import org.ikd.tun.SourceAddress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Socket buffers and the drop counter of raw sockets, on loopback of the test's own namespace with
 * IP protocol 253 (RFC 3692: for experiments) and addresses in 127.83.0.0/16 that nothing else uses.
 * Raw sockets need CAP_NET_RAW and the *FORCE options CAP_NET_ADMIN: skipped unless run as root
 * (CI runs the module as root; src-it holds the tests that need namespaces).
 * Expected values come from the kernel's own views: the sysctls and /proc/net/raw.
 */
class PosixRawIpSocketTest {
    private static final int EXPERIMENT = 253;

    @BeforeEach
    void needsRoot() throws Exception {
        assumeTrue(Files.readString(Path.of("/proc/self/status")).lines()
                .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[2].equals("0")), "needs root (raw sockets, SO_RCVBUFFORCE)");
    }

    /** Hand-built RFC 791 header: 198.18.x addresses are not used here; 127.83.0.20 -> 127.83.0.21, protocol 253. */
    private static byte[] ipv4(int id, int payload) {
        byte[] p = new byte[20 + payload];
        p[0] = 0x45;
        p[2] = (byte) (p.length >>> 8);
        p[3] = (byte) p.length;
        p[5] = (byte) id;
        p[8] = 64;
        p[9] = (byte) EXPERIMENT;
        p[12] = 127; p[13] = 83; p[15] = 20;
        p[16] = 127; p[17] = 83; p[19] = 21;
        p[20] = (byte) id;
        return p;
    }

    @Test
    void sendsQueuedPacketsInOrderOnlyWhenFlushed() throws Exception {
        try (PosixRawIpSocket rx = PosixRawIpSocket.open(IpFamily.IPV4, EXPERIMENT, 0, InetAddress.getByName("127.83.0.21"), 0);
             PosixRawIpSocket tx = PosixRawIpSocket.openHeaderIncluded(IpFamily.IPV4, 0)) {
            for (int id = 1; id <= 3; id++) assertEquals(20 + 100 * id, tx.queuePacket(ipv4(id, 100 * id), 0, 20 + 100 * id));
            assertEquals(0, rx.drops());
            assertEquals(0, procNetRawQueued("127.83.0.21"), "nothing leaves before flushPackets");
            assertEquals(0, tx.flushPackets());
            byte[][] got = CompletableFuture.supplyAsync(() -> {      // one thread: its recvmmsg batch holds all three
                try {
                    byte[][] r = new byte[3][];
                    for (int i = 0; i < 3; i++) {
                        byte[] buf = new byte[2048];
                        r[i] = java.util.Arrays.copyOf(buf, rx.receive(buf, 0, buf.length, null));
                    }
                    return r;
                } catch (java.io.IOException e) {
                    throw new CompletionException(e);
                }
            }).get(5, TimeUnit.SECONDS);
            for (int id = 1; id <= 3; id++) {
                assertEquals(20 + 100 * id, got[id - 1].length, "raw(7): IPv4 delivers the header too");
                assertEquals(id, got[id - 1][20], "packet " + id + " in order");
            }
            assertEquals(0, tx.flushPackets(), "an empty batch");
        }
    }

    /** rx_queue (hex, bytes) of the raw socket bound to {@code local} in /proc/net/raw. */
    private static long procNetRawQueued(String local) throws Exception {
        byte[] a = InetAddress.getByName(local).getAddress();
        String hex = String.format("%02X%02X%02X%02X", a[3], a[2], a[1], a[0]);
        for (String line : Files.readAllLines(Path.of("/proc/net/raw"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 4 && f[1].startsWith(hex + ":")) return Long.parseLong(f[4].split(":")[1], 16);
        }
        throw new AssertionError(local + " not in /proc/net/raw");
    }

    @Test
    void forcesBuffersBeyondTheSysctlMaximum() throws Exception {
        int rmemMax = sysctl("net/core/rmem_max");
        int wmemMax = sysctl("net/core/wmem_max");
        int ask = Math.max(rmemMax, wmemMax) + (1 << 20);
        try (PosixRawIpSocket s = PosixRawIpSocket.open(IpFamily.IPV4, EXPERIMENT, 0, InetAddress.getByName("127.83.0.1"), ask)) {
            assertEquals(2 * ask, s.receiveBufferSize());       // socket(7): the kernel doubles the value set
            assertEquals(2 * ask, s.sendBufferSize());
        }
    }

    @Test
    void keepsTheKernelDefaultsWhenAskedForNoBuffer() throws Exception {
        try (PosixRawIpSocket s = PosixRawIpSocket.open(IpFamily.IPV4, EXPERIMENT, 0, InetAddress.getByName("127.83.0.2"), 0)) {
            assertEquals(sysctl("net/core/rmem_default"), s.receiveBufferSize());
            assertEquals(sysctl("net/core/wmem_default"), s.sendBufferSize());
        }
    }

    @Test
    void setsOnlyTheSendBufferOfAHeaderIncludedSocket() throws Exception {
        try (PosixRawIpSocket s = PosixRawIpSocket.openHeaderIncluded(IpFamily.IPV4, 0, 3 << 20)) {
            assertEquals(6 << 20, s.sendBufferSize());
            assertEquals(sysctl("net/core/rmem_default"), s.receiveBufferSize());
        }
    }

    @Test
    void countsDatagramsDroppedAtAFullReceiveBufferAsProcNetRawDoes() throws Exception {
        InetAddress to = InetAddress.getByName("127.83.0.3");
        byte[] payload = new byte[1400];
        try (PosixRawIpSocket small = PosixRawIpSocket.open(IpFamily.IPV4, EXPERIMENT, 0, to, 0);
             PosixRawIpSocket via = PosixRawIpSocket.open(IpFamily.IPV4, EXPERIMENT, 0, InetAddress.getByName("127.83.0.4"), 0)) {
            assertEquals(0, small.drops());
            for (int i = 0; i < 400; i++) assertEquals(payload.length, via.send(payload, 0, payload.length, to));
            long drops = small.drops();
            // 400 × ~2.3 KB of skb truesize against 208 KiB: most cannot be queued
            assertTrue(drops > 100 && drops < 400, "drops " + drops);
            assertEquals(drops, procNetRawDrops("127.83.0.3"));
        }
    }

    @Test
    void dropsNothingOfTheSameBurstWithAFourMebibyteBuffer() throws Exception {
        InetAddress to = InetAddress.getByName("127.83.0.5");
        byte[] payload = new byte[1400];
        try (PosixRawIpSocket big = PosixRawIpSocket.open(IpFamily.IPV4, EXPERIMENT, 0, to, 4 << 20);
             PosixRawIpSocket via = PosixRawIpSocket.open(IpFamily.IPV4, EXPERIMENT, 0, InetAddress.getByName("127.83.0.6"), 0)) {
            for (int i = 0; i < 400; i++) assertEquals(payload.length, via.send(payload, 0, payload.length, to));
            assertEquals(0, big.drops());
            assertEquals(0, procNetRawDrops("127.83.0.5"));
        }
    }

    @Test
    void receivesABurstLongerThanOneBatchInOrderWithEverySender() throws Exception {
        InetAddress to = InetAddress.getByName("127.83.0.7");
        InetAddress sender = InetAddress.getByName("127.83.0.8");
        int count = PosixRawIpSocket.BATCH * 2 + 3;
        try (PosixRawIpSocket rx = PosixRawIpSocket.open(IpFamily.IPV4, EXPERIMENT, 0, to, 4 << 20);
             PosixRawIpSocket tx = PosixRawIpSocket.open(IpFamily.IPV4, EXPERIMENT, 0, sender, 0)) {
            for (int i = 0; i < count; i++) {
                byte[] payload = new byte[100 + i];
                payload[0] = (byte) i;
                payload[payload.length - 1] = (byte) ~i;
                assertEquals(payload.length, tx.send(payload, 0, payload.length, to));
            }
            byte[] buf = new byte[2048];
            SourceAddress from = new SourceAddress();
            for (int i = 0; i < count; i++) {
                int n = rx.receive(buf, 0, buf.length, from);
                assertEquals(20 + 100 + i, n);                     // raw(7): IPv4 sockets deliver the IP header
                assertEquals(n, ((buf[2] & 0xff) << 8) | (buf[3] & 0xff));   // RFC 791 §3.1: Total Length
                assertEquals(EXPERIMENT, buf[9] & 0xff);           // Protocol
                assertEquals((byte) i, buf[20]);
                assertEquals((byte) ~i, buf[n - 1]);
                assertEquals(sender, from.toInetAddress());
            }
        }
    }

    @Test
    void truncatesADatagramLongerThanTheCallersBufferAsRecvmsgDoes() throws Exception {
        InetAddress to = InetAddress.getByName("127.83.0.9");
        try (PosixRawIpSocket rx = PosixRawIpSocket.open(IpFamily.IPV4, EXPERIMENT, 0, to, 0);
             PosixRawIpSocket tx = PosixRawIpSocket.open(IpFamily.IPV4, EXPERIMENT, 0, InetAddress.getByName("127.83.0.10"), 0)) {
            byte[] payload = new byte[1000];
            payload[9] = 42;
            tx.send(payload, 0, payload.length, to);
            tx.send(payload, 0, 10, to);
            byte[] buf = new byte[64];
            assertEquals(64, rx.receive(buf, 0, buf.length, null));
            assertEquals(30, rx.receive(buf, 0, buf.length, null));     // the next datagram is whole
            assertEquals(42, buf[29]);
        }
    }

    @Test
    void wakesABlockedReceiverOnClose() throws Exception {
        PosixRawIpSocket rx = PosixRawIpSocket.open(IpFamily.IPV4, EXPERIMENT, 0, InetAddress.getByName("127.83.0.11"), 0);
        CompletableFuture<Integer> got = CompletableFuture.supplyAsync(() -> {
            try {
                return rx.receive(new byte[2048], 0, 2048, null);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        Thread.sleep(200);
        rx.close();
        assertEquals(-1, got.get(5, TimeUnit.SECONDS));
    }

    /** One read(2) of 64 bytes: an int sysctl answers only at offset 0 (Files.readString reads byte by byte here). */
    private static int sysctl(String name) throws Exception {
        try (var in = Files.newInputStream(Path.of("/proc/sys", name))) {
            byte[] b = new byte[64];
            int n = in.read(b);
            return Integer.parseInt(new String(b, 0, n, java.nio.charset.StandardCharsets.US_ASCII).trim());
        }
    }

    /** The drops column (last) of the /proc/net/raw line whose local address is {@code local} (hex, little-endian). */
    private static long procNetRawDrops(String local) throws Exception {
        byte[] a = InetAddress.getByName(local).getAddress();
        String hex = String.format("%02X%02X%02X%02X:%04X", a[3], a[2], a[1], a[0], EXPERIMENT);
        List<String> lines = Files.readAllLines(Path.of("/proc/net/raw")).stream()
                .filter(l -> l.trim().split("\\s+")[1].equals(hex)).toList();
        assertEquals(1, lines.size(), "sockets on " + hex + " in /proc/net/raw: " + lines);
        String[] f = lines.get(0).trim().split("\\s+");
        return Long.parseLong(f[f.length - 1]);
    }
}
