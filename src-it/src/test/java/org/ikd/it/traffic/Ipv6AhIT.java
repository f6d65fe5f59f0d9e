package org.ikd.it.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.Netns;
import org.ikd.it.lab.PolicyToml;
import org.ikd.it.lab.TwoHosts;
import org.ikd.it.lab.WireCapture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ikd↔ikd with AH over IPv6 only (RFC 4302, raw protocol 51, no NAT-T), HMAC-SHA-256-128, whose
 * 16-byte ICV needs 4 bytes of padding in IPv6 (§2.2: 12 + 16 + 4 = 32 bytes, Payload Len 6):
 * <ol>
 * <li>the IPv4 addresses leave the link, tshark starts on A's side, both daemons start;
 * <li>a ping A → B and one B → A are answered (the first waits for Main Mode and Quick Mode);
 * <li>{@value #BYTES} bytes of random data with a marker go A → B over TCP; both ends' SHA-256 agree;
 * <li>in the capture every packet between A's and B's addresses is IKE, neighbour discovery or AH
 *     (IPv6 next header 51) — no ESP, no cleartext echo or TCP; tshark's AH dissector reads each AH
 *     header with Payload Len 6, the SPI that B shows as its inbound SPI (A → B) or A does (B → A),
 *     and dissects what follows (ICMPv6 or TCP in transport mode, the inner IPv6 in tunnel mode);
 *     AH does not encrypt, so the marker is readable in the capture.
 * </ol>
 * Transport mode between 2001:2::1 and 2001:2::2, the same with AH over ESP (aes128-sha1 inside, RFC 4301
 * §4.5 transport adjacency: tshark sees ESP behind every AH header, the marker nowhere), and tunnel mode
 * between 2001:2:0:1::/64 and 2001:2:0:2::/64.
 */
class Ipv6AhIT {
    static final long BYTES = 2_000_000;
    private static final String LINK = TwoHosts.LINK;
    private static final String AH_SHA256 = "ah = \"sha256\"";
    /** RFC 4301 §4.5 transport adjacency, as over IPv4 (TransportMatrixIT): ESP inside, AH outside. */
    private static final String AH_SHA256_ESP = "ah = \"sha256\", esp = \"aes128-sha1\"";
    private static final int AH = 51;
    private static final int ESP = 50;
    private static final int TCP = 6;
    private static final int ICMPV6 = 58;
    private static final int IPV6 = 41;
    /** RFC 4302 §2.2: (12 + 16 ICV + 4 padding) / 4 - 2. */
    private static final int SHA256_PAYLOAD_LEN = 6;
    private static final Pattern SPIS = Pattern.compile("\"inboundSpi\"\\s*:\\s*\"([0-9a-f]{8})\".*?\"outboundSpi\"\\s*:\\s*\"([0-9a-f]{8})\"",
            Pattern.DOTALL);

    @TempDir
    Path dir;

    @BeforeEach
    void needsRootAndTools() throws Exception {
        assumeTrue(Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0")), "needs root (namespaces, TUN, raw sockets)");
        assumeTrue(Command.available("ping") && Command.available("tshark"), "needs ping and tshark (.ci/run installs them)");
    }

    @Test
    void transportModeWithAhOverIpv6() throws Exception {
        String policyA = PolicyToml.transport("it-ah6", TwoHosts.A6, TwoHosts.B6, "protect", AH_SHA256);
        String policyB = PolicyToml.transport("it-ah6", TwoHosts.B6, TwoHosts.A6, "protect", AH_SHA256);
        run("a6-tr", policyA, policyB, TwoHosts.A6, TwoHosts.B6, Shape.TRANSPORT);
    }

    @Test
    void transportModeWithAhAndEspOverIpv6() throws Exception {
        String policyA = PolicyToml.transport("it-ahesp6", TwoHosts.A6, TwoHosts.B6, "protect", AH_SHA256_ESP);
        String policyB = PolicyToml.transport("it-ahesp6", TwoHosts.B6, TwoHosts.A6, "protect", AH_SHA256_ESP);
        run("a6-tb", policyA, policyB, TwoHosts.A6, TwoHosts.B6, Shape.TRANSPORT_BUNDLE);
    }

    @Test
    void tunnelModeWithAhOverIpv6() throws Exception {
        String policyA = PolicyToml.tunnelWith("it-ah6t", TwoHosts.A6, TwoHosts.B6, TwoHosts.NET_A6, TwoHosts.NET_B6,
                PolicyToml.MAIN_MODE, AH_SHA256);
        String policyB = PolicyToml.tunnelWith("it-ah6t", TwoHosts.B6, TwoHosts.A6, TwoHosts.NET_B6, TwoHosts.NET_A6,
                PolicyToml.MAIN_MODE, AH_SHA256);
        run("a6-tu", policyA, policyB, TwoHosts.INNER_A6, TwoHosts.INNER_B6, Shape.TUNNEL);
    }

    /** What AH carries: the upper layer, ESP (a bundle) or the inner IPv6 packet. */
    private enum Shape { TRANSPORT, TRANSPORT_BUNDLE, TUNNEL }

    private void run(String prefix, String policyA, String policyB, String from, String to, Shape shape) throws Exception {
        boolean tunnel = shape == Shape.TUNNEL;
        String marker = "IKD-AH6-MARKER-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        try (TwoHosts lab = TwoHosts.create(prefix).withIpv6()) {
            lab.a.ip("addr", "del", TwoHosts.A + "/24", "dev", LINK);            // IPv6 only on the link
            lab.b.ip("addr", "del", TwoHosts.B + "/24", "dev", LINK);
            try (WireCapture capture = WireCapture.launch(lab.a, LINK, dir.resolve("capture"));
                 IkdPair ikd = IkdPair.start(lab, dir, policyA, policyB);
                 TcpTransfer.Sink sink = TcpTransfer.listen(lab.b, to, dir)) {
                capture.awaitCapturing();
                assertPingAnswered(lab.a, ikd, from, to);
                assertPingAnswered(lab.b, ikd, to, from);
                TcpTransfer.Outcome t = sink.receiveFrom(lab.a, from, BYTES, marker);
                assertEquals(BYTES, t.received().bytes(), "B received everything A sent");
                assertEquals(t.sent().sha256(), t.received().sha256(), "SHA-256 of the data, A's side and B's side");
                String qmA = ikd.a.ikdctl("show", "qm", "--json");
                String qmB = ikd.b.ikdctl("show", "qm", "--json");
                String[] spisA = spis(qmA);
                String[] spisB = spis(qmB);
                assertEquals(spisA[1], spisB[0], "A's outbound SA is B's inbound SA:\n" + qmA + "\n" + qmB);
                assertEquals(spisB[1], spisA[0], "B's outbound SA is A's inbound SA:\n" + qmA + "\n" + qmB);
                String transform = shape == Shape.TRANSPORT_BUNDLE ? "ah:sha256+esp:aes128-sha1 " : "ah:sha256 ";
                assertTrue(ikd.a.oakleyLog().contains(transform + (tunnel ? "tunnel" : "transport")), ikd.oakleyLogs());
                String verdict = assertOnlyAhCrossed(capture, Long.parseLong(spisB[0], 16), Long.parseLong(spisA[0], 16), shape);
                if (shape == Shape.TRANSPORT_BUNDLE) assertFalse(capture.rawBytesContain(marker), "ESP inside AH hides the marker");
                else assertTrue(capture.rawBytesContain(marker), "AH alone does not encrypt: the marker must be readable");
                System.out.printf("ipv6 ah %s: pings both ways answered, SHA-256 match (%d bytes, %.1f MB/s), capture: %s%n",
                        shape, t.received().bytes(), t.received().megabytesPerSecond(), verdict);
            }
        }
    }

    /** {inbound, outbound} SPI of the only Quick Mode SA in {@code show qm --json} (the outermost SA: AH). */
    private static String[] spis(String json) {
        Matcher m = SPIS.matcher(json);
        assertTrue(m.find(), json);
        return new String[] {m.group(1), m.group(2)};
    }

    /** One echo request; -W 10: the first reply waits for Main Mode and Quick Mode. */
    private static void assertPingAnswered(Netns ns, IkdPair ikd, String from, String to) {
        Command.Result r = ns.exec(30, "ping", "-6", "-c", "1", "-W", "10", "-I", from, to);
        String out = r.stdout() + r.stderr();
        assertEquals(0, r.exitCode(), () -> "ping " + from + " -> " + to + " was not answered:\n" + out + "\n" + ikd.oakleyLogs());
        assertTrue(out.contains("1 received"), out);
    }

    /** Asserts what crossed between A6 and B6; returns it in words for the report. */
    private static String assertOnlyAhCrossed(WireCapture capture, long spiAToB, long spiBToA, Shape shape) throws Exception {
        List<String[]> rows = capture.rows(null, "ipv6", "ipv6.src", "ipv6.dst", "ipv6.nxt", "udp.dstport", "icmpv6.type",
                "ah.spi", "ah.length", "ah.next_header", "esp.spi", "tcp.dstport", "ipv6.plen");
        List<String[]> malformed = capture.rows(null, "ah && _ws.malformed", "frame.number");
        assertTrue(malformed.isEmpty(), () -> "tshark found malformed AH packets, frames " + malformed.stream().map(r -> r[0]).toList());
        int ike = 0;
        int nd = 0;
        int[] ah = new int[2];
        int tcp = 0;
        int echo = 0;
        long bytesAToB = 0;
        for (String[] r : rows) {
            boolean aToB = first(r[0]).equals(TwoHosts.A6) && first(r[1]).equals(TwoHosts.B6);
            boolean bToA = first(r[0]).equals(TwoHosts.B6) && first(r[1]).equals(TwoHosts.A6);
            if (!aToB && !bToA) continue;
            String row = String.join(" | ", r);
            if (shape != Shape.TRANSPORT_BUNDLE) assertTrue(r[8].isBlank(), () -> "ESP on the wire: " + row);
            int port = number(r[3]);
            if (port == 500) {
                ike++;
                continue;
            }
            if (number(r[2]) != AH) {
                int icmp = number(r[4]);
                assertTrue(number(r[2]) == ICMPV6 && icmp >= 133 && icmp <= 137, () -> "a packet crossed without AH: " + row);
                nd++;
                continue;
            }
            assertAhHeader(r, aToB ? spiAToB : spiBToA, shape);
            if (!r[9].isBlank()) tcp++;
            else if (number(r[4]) == 128 || number(r[4]) == 129) echo++;
            ah[aToB ? 0 : 1]++;
            if (aToB) bytesAToB += number(r[10]);
        }
        assertTrue(ike >= 9, "the capture began before Main Mode (6) and Quick Mode (3): " + ike + " IKE packets\n" + capture.log());
        if (shape != Shape.TRANSPORT_BUNDLE) assertTrue(echo >= 4, "both echo requests and both replies inside AH: " + echo);
        assertTrue(bytesAToB > BYTES, "the capture holds the whole transfer inside AH: " + bytesAToB + " bytes A -> B");
        return rows.size() + " IPv6 packets, " + ike + " IKE, " + nd + " ND, AH " + ah[0] + " A -> B (SPI 0x"
                + Long.toHexString(spiAToB) + ") and " + ah[1] + " B -> A (SPI 0x" + Long.toHexString(spiBToA) + "), "
                + (shape == Shape.TRANSPORT_BUNDLE ? "all carrying ESP" : tcp + " carrying TCP, " + echo + " echo, no ESP")
                + ", nothing in the clear";
    }

    /** tshark's AH fields: the pair's SPI, Payload Len 6, and behind AH what the shape puts there. */
    private static void assertAhHeader(String[] r, long spi, Shape shape) {
        String row = String.join(" | ", r);
        assertEquals(spi, Long.decode(first(r[5])), () -> "AH SPI: " + row);
        assertEquals(SHA256_PAYLOAD_LEN, number(r[6]), () -> "AH Payload Len (RFC 4302 §2.2, IPv6: 8-octet multiple): " + row);
        int next = number(r[7]);
        switch (shape) {
            case TUNNEL -> {
                assertEquals(IPV6, next, () -> "AH carries the inner IPv6 packet: " + row);
                assertTrue(r[0].contains(",") && r[0].contains(TwoHosts.INNER_A6.substring(0, 9)), () -> "tshark read the inner header: " + row);
            }
            case TRANSPORT_BUNDLE -> {
                assertEquals(ESP, next, () -> "AH carries ESP: " + row);
                assertTrue(!r[8].isBlank() && r[9].isBlank(), () -> "ESP behind AH, nothing readable behind it: " + row);
            }
            case TRANSPORT -> assertTrue(next == TCP || next == ICMPV6, () -> "AH carries TCP or ICMPv6: " + row);
        }
    }

    private static String first(String s) {
        return s.split(",")[0].strip();
    }

    private static int number(String s) {
        if (s == null || s.isBlank()) return -1;
        String f = first(s);
        return f.isEmpty() ? -1 : Integer.decode(f);
    }
}
