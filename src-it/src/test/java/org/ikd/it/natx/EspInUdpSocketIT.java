package org.ikd.it.natx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.NatLab;
import org.ikd.it.lab.WireCapture;
import org.ikd.it.nat.NatPolicies;
import org.ikd.it.nat.NatTraffic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ESP in UDP on the data plane's own UDP/4500 socket (issue 16 item 2), ikd in A behind R's NAT, ikd in B
 * outside. What each side must show, from tools other than ikd:
 * <ol>
 * <li>B (two TUN queues) holds three UDP sockets on B:4500 ({@code ss}): the IKE transport's and one of the
 *     data plane's per queue (issue 16 item 1);
 * <li>10,000 flood pings cross as ESP in UDP ({@code ping}'s own count), and no ESP datagram reached either
 *     IKE transport (which logs the first one it is handed: that line must be absent);
 * <li>NAT keepalives (RFC 3948 §2.3, one octet 0xFF) arriving at B:4500 ({@code tshark}) stay off the data
 *     plane (its {@code nat-keepalive} drop count stays absent) — they go to the IKE socket;
 * <li>IKE on 4500 still works with ESP flowing: a rekey gives a new pair, and pings cross it.
 * </ol>
 */
class EspInUdpSocketIT {
    private static final Pattern RECEIVED = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");
    private static final int FLOOD = 10_000;
    private static final IkdNode.Launch TWO_QUEUES = IkdNode.Launch.plain().withOptions("--queues", "2");
    private static final String KEEPALIVES = """
            import socket, sys
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind((sys.argv[1], 0))
            for _ in range(3): s.sendto(b'\\xff', (sys.argv[2], 4500))
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void needsRootAndTools() throws Exception {
        NatTraffic.assumeRootAnd("nft", "python3", "tshark", "ss", "ping");
    }

    @Test
    void espInUdpNeverTouchesTheIkeEventLoopWhileIkeAndKeepalivesStillReachIt() throws Exception {
        try (NatLab lab = NatLab.create("nd-eu", true);
             WireCapture wire = WireCapture.start(lab.b, "veth-out", dir.resolve("wire"))) {
            try (IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), NatPolicies.insideTunnel("aes128gcm16", "auto"), TWO_QUEUES);
                 IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), NatPolicies.outsideTunnel("aes128gcm16"), TWO_QUEUES)) {
                NatTraffic.assertPings(lab.a, 2, NatLab.INNER_A, NatLab.INNER_B);
                String sockets = lab.b.exec(10, "ss", "-uanp", "sport = :4500").stdout();
                assertEquals(3, sockets.lines().filter(l -> l.contains(NatLab.B + ":4500")).count(),
                        "B's UDP 4500 sockets (only ikd runs in B):\n" + sockets);

                Command.Result flood = lab.a.exec(120, "ping", "-q", "-f", "-c", String.valueOf(FLOOD), "-I", NatLab.INNER_A, NatLab.INNER_B);
                Matcher m = RECEIVED.matcher(flood.stdout());
                assertTrue(m.find(), flood.stdout() + flood.stderr());
                assertEquals(FLOOD, Integer.parseInt(m.group(1)), flood.stdout());
                assertTrue(Integer.parseInt(m.group(2)) >= FLOOD * 99 / 100, "flood replies (a loaded machine may lose a few): " + flood.stdout());

                Path script = dir.resolve("keepalives.py");
                java.nio.file.Files.writeString(script, KEEPALIVES);
                assertEquals(0, lab.a.exec(10, "python3", script.toString(), NatLab.A, NatLab.B).exitCode());

                String oldSpi = inboundSpis(a).get(0);
                String rekeyed = a.ikdctl("rekey", "net");
                assertTrue(rekeyed.contains("renewing"), rekeyed);
                assertTrue(awaitNewPair(a, oldSpi), "no new Quick Mode pair after the rekey:\n" + a.oakleyLog());
                NatTraffic.assertPings(lab.a, 3, NatLab.INNER_A, NatLab.INNER_B);

                for (IkdNode n : List.of(a, b))
                    assertFalse(n.output().contains("arrives on the IKE socket"), "ESP reached an IKE transport:\n" + n.output());
                JsonObject drops = JsonParser.parseString(b.ikdctl("show", "stats", "--json")).getAsJsonObject().getAsJsonObject("drops");
                assertFalse(drops.has("nat-keepalive") || drops.has("not-ipsec"), "B's data plane saw IKE or keepalives: " + drops);
                System.out.printf("ESP in UDP off the IKE loop: %s of %d flood pings answered, B's data-plane drops %s%n",
                        m.group(2), FLOOD, drops);
            }
            List<String[]> keepalives = wire.rows(null, "ip.dst == " + NatLab.B + " && udp.dstport == 4500 && udp.length == 9", "udp.srcport");
            assertTrue(keepalives.size() >= 3, "keepalives that reached B: " + keepalives.size());
        }
    }

    private static List<String> inboundSpis(IkdNode n) {
        return JsonParser.parseString(n.ikdctl("show", "qm", "--json")).getAsJsonObject().getAsJsonArray("sas").asList().stream()
                .map(q -> q.getAsJsonObject().get("inboundSpi").getAsString()).toList();
    }

    /** Polls {@code show qm} of {@code a} for at most 20 s until a pair with an inbound SPI other than {@code old} is listed. */
    private static boolean awaitNewPair(IkdNode a, String old) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (inboundSpis(a).stream().anyMatch(spi -> !spi.equals(old))) return true;
            IkdNode.sleep(200);
        }
        return false;
    }
}
