package org.ikd.it.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.Netns;
import org.ikd.it.lab.TwoHosts;
import org.ikd.it.lab.WireCapture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ikd↔ikd in transport mode, one daemon pair per protection kind (ESP CBC+HMAC, AH, AH+ESP):
 * <ol>
 * <li>tshark starts on A's side of the link before anything is negotiated;
 * <li>the first ping from A is answered (it waits for Main Mode and Quick Mode);
 * <li>{@value #BYTES} bytes of random data with a marker string go A → B over TCP, and the
 *     SHA-256 of what A sent equals that of what B received;
 * <li>in the capture every IPv4 packet between A and B is IKE or carries the kind's outer protocol
 *     (AH: ESP inside in a bundle, the upper layer alone); nothing crossed as plain TCP or ICMP;
 *     the protected bytes A → B cover the transfer (the capture saw it all); with ESP the marker is
 *     nowhere in the raw capture, with AH alone it is there (AH authenticates, it does not hide).
 * </ol>
 */
class TransportMatrixIT {
    static final long BYTES = 4_000_000;
    private static final String LINK = TwoHosts.LINK;

    @TempDir
    Path dir;

    @BeforeEach
    void needsRootAndTools() throws Exception {
        assumeTrue(Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0")), "needs root (namespaces, TUN, raw sockets)");
        assumeTrue(Command.available("ping") && Command.available("tshark"), "needs ping and tshark (.ci/run installs them)");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Protection.class)
    void protectsTheFirstPingAndTcpAndNothingCrossesInTheClear(Protection p) throws Exception {
        String marker = "IKD-TRAFFIC-MARKER-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        try (TwoHosts lab = TwoHosts.create("ikd-tr-m");
             WireCapture capture = WireCapture.launch(lab.a, LINK, dir.resolve("capture"));
             IkdPair ikd = IkdPair.start(lab, dir, p);
             TcpTransfer.Sink sink = TcpTransfer.listen(lab.b, TwoHosts.B, dir)) {
            capture.awaitCapturing();
            assertFirstPingAnswered(lab.a, ikd, "-I", TwoHosts.A, TwoHosts.B);
            TcpTransfer.Outcome t = sink.receiveFrom(lab.a, TwoHosts.A, BYTES, marker);
            List<WireCapture.Packet> packets = capture.stop();

            assertEquals(BYTES, t.received().bytes(), "B received everything A sent");
            assertEquals(t.sent().sha256(), t.received().sha256(), "SHA-256 of the data, A's side and B's side");
            assertTrue(ikd.a.oakleyLog().contains(": " + p.shownAs + " transport " + TwoHosts.A + " -> " + TwoHosts.B), ikd.oakleyLogs());
            String verdict = assertOnlyProtectedPacketsCrossed(p, packets, capture.log());
            boolean markerSeen = capture.rawBytesContain(marker);
            if (p.confidential) assertFalse(markerSeen, "the marker crossed the link readable under " + p);
            else assertTrue(markerSeen, "AH alone does not encrypt: the marker must be readable (else the capture missed the payload)");
            System.out.printf("traffic %s: first ping answered, SHA-256 match (%d bytes), capture: %s, marker %s, "
                            + "%.1f MB/s (%.0f Mbit/s)%n", p, t.received().bytes(), verdict, markerSeen ? "readable" : "absent",
                    t.received().megabytesPerSecond(), t.received().megabytesPerSecond() * 8);
        }
    }

    /**
     * The route ikd installs into its TUN for a transport-mode peer names our address of the rule
     * as preferred source: a ping and a TCP connection that bind nothing leave from 198.18.0.1, not
     * from the inner address on lo, match the SA's selector and are answered.
     */
    @Test
    void unboundSocketsGetTheRulesAddressAsSource() throws Exception {
        try (TwoHosts lab = TwoHosts.create("ikd-tr-s");
             IkdPair ikd = IkdPair.start(lab, dir, Protection.ESP_AES128_SHA256);
             TcpTransfer.Sink sink = TcpTransfer.listen(lab.b, TwoHosts.B, dir)) {
            assertFirstPingAnswered(lab.a, ikd, TwoHosts.B);                  // no -I
            String route = lab.a.exec(10, "ip", "route", "get", TwoHosts.B).stdout();
            assertTrue(route.contains("dev ikd0") && route.contains("src " + TwoHosts.A), route);
            TcpTransfer.Outcome t = sink.receiveFrom(lab.a, null, 1_000_000, "unbound");
            assertEquals(1_000_000, t.received().bytes());
            assertEquals(t.sent().sha256(), t.received().sha256());
        }
    }

    /**
     * One echo request, so its reply can only answer the packet that triggered the negotiation.
     * -W 10: the reply waits for Main Mode and Quick Mode (IkdToIkdIT's {@code -c 5 -W 5} leaves the
     * first reply about as long, since ping waits for it while it sends the other four).
     */
    private static void assertFirstPingAnswered(Netns ns, IkdPair ikd, String... target) {
        List<String> argv = new ArrayList<>(List.of("ping", "-c", "1", "-W", "10"));
        argv.addAll(List.of(target));
        Command.Result r = ns.exec(30, argv.toArray(String[]::new));
        String out = r.stdout() + r.stderr();
        assertEquals(0, r.exitCode(), () -> "the first ping was not answered:\n" + out + "\n" + ikd.oakleyLogs());
        assertTrue(out.contains("1 received"), out);
    }

    /** Asserts the capture verdict; returns it in words for the report. */
    private static String assertOnlyProtectedPacketsCrossed(Protection p, List<WireCapture.Packet> packets, String tsharkLog) {
        int ike = 0;
        int protectedPackets = 0;
        long protectedBytesAToB = 0;
        for (WireCapture.Packet k : packets) {
            if (!k.between(TwoHosts.A, TwoHosts.B)) continue;
            if (k.isIke()) {
                ike++;
                continue;
            }
            assertEquals(p.outer, k.protocol(), () -> "unprotected or wrongly protected packet under " + p + ": " + k);
            if (p.bundled()) assertEquals(Protection.ESP, k.ahNextHeader(), () -> "AH must carry ESP in " + p + ": " + k);
            else if (p.outer == Protection.AH)
                assertTrue(k.ahNextHeader() == 6 || k.ahNextHeader() == 1, () -> "AH must carry TCP or ICMP: " + k);
            protectedPackets++;
            if (k.source().equals(TwoHosts.A)) protectedBytesAToB += k.length();
        }
        assertTrue(ike >= 9, "the capture began before Main Mode (6) and Quick Mode (3): " + ike + " IKE packets\n" + tsharkLog);
        assertTrue(protectedBytesAToB > BYTES, "the capture holds the whole transfer: " + protectedBytesAToB + " protected bytes A -> B\n"
                + tsharkLog);
        return packets.size() + " IPv4 packets, " + ike + " IKE, " + protectedPackets + " all IP proto " + p.outer
                + (p.outer == Protection.AH ? (p.bundled() ? " carrying ESP" : " carrying TCP/ICMP") : "") + ", none in the clear";
    }
}
