package org.ikd.tun.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ikd.tun.IpFamily;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Raw sockets spread by SPI ({@link SpiSteering#socketFilter}): two sockets of IP protocol 253 (RFC 3692,
 * experiments; its first payload word read as ESP's SPI, RFC 4303 §2.1) on the test's loopback, each
 * must keep exactly the SPIs of its index. Raw sockets need root.
 */
class SpiSteeringTest {
    private static final int EXPERIMENT = 253;

    @BeforeEach
    void needsRoot() throws Exception {
        assumeTrue(Files.readString(Path.of("/proc/self/status")).lines()
                .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[2].equals("0")), "needs root (raw sockets)");
    }

    private static byte[] payload(int spi, int marker) {
        return new byte[] {(byte) (spi >>> 24), (byte) (spi >>> 16), (byte) (spi >>> 8), (byte) spi, (byte) marker, 0, 0, 0};
    }

    @Test
    void eachIpv4SocketKeepsTheSpisOfItsIndex() throws Exception {
        spreads(IpFamily.IPV4, InetAddress.getByName("127.83.0.31"), 20);
    }

    @Test
    void eachIpv6SocketKeepsTheSpisOfItsIndex() throws Exception {
        spreads(IpFamily.IPV6, InetAddress.getByName("::1"), 40);
    }

    /** SPIs 0x1001, 0x100, 0x2003, 0x2002, 0x5, 0x6 in turn: socket 1 keeps the odd ones, socket 0 the even ones, in order. */
    private static void spreads(IpFamily family, InetAddress at, int header) throws Exception {
        try (PosixRawIpSocket even = PosixRawIpSocket.open(family, EXPERIMENT, 0, at, 0);
             PosixRawIpSocket odd = PosixRawIpSocket.open(family, EXPERIMENT, 0, at, 0);
             PosixRawIpSocket tx = PosixRawIpSocket.open(family, EXPERIMENT, 0, null, 0)) {
            even.spreadBySpi(2, 0);
            odd.spreadBySpi(2, 1);
            int[] spis = {0x1001, 0x100, 0x2003, 0x2002, 0x5, 0x6};
            for (int i = 0; i < spis.length; i++) {
                byte[] p = payload(spis[i], i);
                assertEquals(p.length, tx.send(p, 0, p.length, at));
            }
            byte[] runt = {0x01, 0x02};                          // too short for an SPI: socket 0, to be counted
            assertEquals(2, tx.send(runt, 0, 2, at));
            byte[] last = payload(0x7, 6);
            assertEquals(last.length, tx.send(last, 0, last.length, at));
            assertEquals("0 2 4 6", markers(odd, header, 4), "the odd SPIs, in order, and no other");
            assertEquals("1 3 5 runt", markers(even, header, 4), "the even SPIs in order, then the runt");
        }
    }

    /**
     * The markers of the next {@code count} packets of {@code s} ("runt" for a payload without one), read
     * by one thread (a recvmmsg batch belongs to its thread), waited for at most 5 s.
     */
    private static String markers(PosixRawIpSocket s, int header, int count) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                byte[] b = new byte[256];
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < count; i++) {
                    int n = s.receive(b, 0, b.length, null) - header;
                    sb.append(i == 0 ? "" : " ").append(n < 5 ? "runt" : String.valueOf(b[header + 4]));
                }
                return sb.toString();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }).get(5, TimeUnit.SECONDS);
    }
}
