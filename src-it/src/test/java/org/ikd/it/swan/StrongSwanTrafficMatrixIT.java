package org.ikd.it.swan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.ikd.daemon.control.ControlRequest;
import org.ikd.daemon.control.MainModeSaView;
import org.ikd.daemon.control.MainModeSas;
import org.ikd.daemon.control.QuickModeSaView;
import org.ikd.daemon.control.QuickModeSas;
import org.ikd.it.lab.Charon;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Iperf;
import org.ikd.it.lab.Netns;
import org.ikd.it.lab.PolicyToml;
import org.ikd.it.lab.SwanctlConf;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 5's traffic matrix: a real {@code ikd run} on host A (198.19.1.0/24 behind it) against
 * strongSwan's charon with kernel-libipsec on host B (198.19.2.0/24), tunnel mode, ESP in UDP 4500
 * (NAT-T forced: libipsec speaks nothing else, STRONGSWAN.md), PSK, no PFS. Per {@link TrafficCase}:
 * the initiator's side starts (ikd by a ping into the tunnel, charon by {@code swanctl --initiate}),
 * five pings are answered, a 1-second iperf3 TCP transfer completes, and both sides name the same
 * algorithms: ikd's {@code ikdctl show mm/qm} and charon's {@code swanctl --list-sas}, with the SPIs
 * crossed. charon runs for the whole class (its config reloaded per case); ikd restarts per case.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StrongSwanTrafficMatrixIT {
    static final String PSK = "swan-matrix-psk-0123456789";

    private Path dir;
    private TwoHosts lab;
    private Charon charon;

    @BeforeAll
    void startCharonOnB() throws Exception {
        assumeTrue(Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0")), "needs root (namespaces, TUN)");
        assumeTrue(Charon.installed(), "strongSwan is not installed (.ci/run installs it)");
        assumeTrue(Command.available("iperf3") && Command.available("ping"), "needs iperf3 and ping (.ci/run installs them)");
        dir = Files.createTempDirectory("ikd-sw");
        lab = TwoHosts.create("ikd-sw");
        charon = Charon.start(lab.b, dir.resolve("charon"), charonConf(TrafficCase.values()[0]));
    }

    @AfterAll
    void stop() {
        if (charon != null) charon.close();
        if (lab != null) lab.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TrafficCase.class)
    void pingsAndTcpCrossTheTunnelAndBothSidesNameTheSameAlgorithms(TrafficCase c) throws Exception {
        Files.writeString(dir.resolve("charon/swanctl.conf"), charonConf(c));
        charon.swanctl("--load-all", "--file", dir.resolve("charon/swanctl.conf").toString());
        long start = System.nanoTime();
        try (IkdNode ikd = IkdNode.start(lab.a, dir.resolve(c.name()), ikdPolicy(c), IkdNode.Launch.plain().withPsk(PSK))) {
            if (c.ikdInitiates) {
                pingsAnswered(lab.a, TwoHosts.INNER_A, TwoHosts.INNER_B, ikd);
            } else {
                Command.Result r = charon.swanctlResult("--initiate", "--child", "net", "--timeout", "20");
                assertTrue(r.stdout().contains("successfully"), () -> r.stdout() + r.stderr() + "\n" + ikd.oakleyLog());
                pingsAnswered(lab.b, TwoHosts.INNER_B, TwoHosts.INNER_A, ikd);
            }
            String rate = tcpTransfer();
            CharonSa sa = CharonSa.installed(charon.swanctl("--list-sas", "--raw"));
            assertNotNull(sa, () -> charon.listSas());
            assertCharonSa(c, sa);
            assertIkdSas(c, ikd, sa);
            System.out.printf("traffic matrix: %s: iperf3 TCP 1 s %s, case %d ms%n", c, rate,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } finally {
            clearCharon();
        }
    }

    private static void assertCharonSa(TrafficCase c, CharonSa sa) {
        String why = "charon: " + sa;
        assertEquals("1", sa.ike().get("version"), why);
        assertEquals(c.ikdInitiates ? null : "yes", sa.ike().get("initiator"), why);
        assertEquals(c.mainMode.encr, sa.ike().get("encr-alg"), why);
        assertEquals(c.mainMode.keySize, sa.ike().get("encr-keysize"), why);
        assertEquals(c.mainMode.integ, sa.ike().get("integ-alg"), why);
        assertEquals(c.mainMode.prf, sa.ike().get("prf-alg"), why);
        assertEquals(c.mainMode.group, sa.ike().get("dh-group"), why);
        assertEquals("4500", sa.ike().get("remote-port"), why);
        assertEquals("TUNNEL", sa.child().get("mode"), why);
        assertEquals("ESP", sa.child().get("protocol"), why);
        assertEquals("yes", sa.child().get("encap"), why);
        assertEquals(c.esp.encr, sa.child().get("encr-alg"), why);
        assertEquals(c.esp.keySize, sa.child().get("encr-keysize"), why);
        assertEquals(c.esp.integ, sa.child().get("integ-alg"), why);
        assertTrue(Long.parseLong(sa.child().get("bytes-in")) > 100_000, "charon received the TCP transfer: " + why);
    }

    private static void assertIkdSas(TrafficCase c, IkdNode ikd, CharonSa sa) {
        List<MainModeSaView> mm = ikd.control(ControlRequest.Command.SHOW_MM, MainModeSas.class).sas();
        assertEquals(1, mm.size(), "ikd's Main Mode SAs: " + mm);
        MainModeSaView m = mm.get(0);
        assertEquals(c.mainMode.name, m.proposal(), m.toString());
        assertEquals(c.ikdInitiates ? "initiator" : "responder", m.role(), m.toString());
        assertTrue(m.natTraversal(), m.toString());
        assertEquals(sa.ike().get("initiator-spi"), m.initiatorCookie().toLowerCase(Locale.ROOT), m + " / " + sa);
        assertEquals(sa.ike().get("responder-spi"), m.responderCookie().toLowerCase(Locale.ROOT), m + " / " + sa);
        List<QuickModeSaView> qm = ikd.control(ControlRequest.Command.SHOW_QM, QuickModeSas.class).sas();
        assertEquals(1, qm.size(), "ikd's Quick Mode SAs: " + qm);
        QuickModeSaView q = qm.get(0);
        assertEquals("esp:" + c.esp.name, q.transform(), q.toString());
        assertEquals("tunnel", q.mode(), q.toString());
        assertTrue(q.udpEncapsulated(), q.toString());
        // charon's inbound SA is ikd's outbound one and the other way round
        assertEquals(sa.child().get("spi-in"), q.outboundSpi().toLowerCase(Locale.ROOT), q + " / " + sa);
        assertEquals(sa.child().get("spi-out"), q.inboundSpi().toLowerCase(Locale.ROOT), q + " / " + sa);
        assertTrue(q.bytesOut() > 100_000, "ikd sent the TCP transfer through the SA: " + q);
    }

    private static void pingsAnswered(Netns ns, String from, String to, IkdNode ikd) {
        Command.Result r = ns.exec(30, "ping", "-n", "-c", "5", "-i", "0.2", "-W", "5", "-I", from, to);
        String out = r.stdout() + r.stderr();
        assertTrue(out.contains(" 0% packet loss") && out.contains("icmp_seq=1 "), () -> out + "\n" + ikd.oakleyLog());
    }

    /** iperf3 for one second, A's inner address to B's; the receiver's rate. */
    private String tcpTransfer() throws Exception {
        return Iperf.assertTcp(lab.a, TwoHosts.INNER_A, lab.b, TwoHosts.INNER_B, dir.resolve("iperf"), 1);
    }

    /** After ikd's Deletes: whatever charon still holds goes, so the next case starts clean (bounded). */
    private void clearCharon() {
        for (int i = 0; i < 20 && charon.listSas().contains("ESTABLISHED"); i++) {
            if (i == 5) charon.swanctlResult("--terminate", "--ike", "ikd", "--force", "--timeout", "2");
            IkdNode.sleep(100);
        }
    }

    private static String charonConf(TrafficCase c) {
        return new SwanctlConf(TwoHosts.B, TwoHosts.A, TwoHosts.NET_B, TwoHosts.NET_A, c.mainMode.name, c.esp.name, PSK,
                "none").render();
    }

    private static String ikdPolicy(TrafficCase c) {
        return PolicyToml.tunnel("it-swan-matrix", TwoHosts.A, TwoHosts.B, TwoHosts.NET_A, TwoHosts.NET_B, c.mainMode.name,
                c.esp.name, "nat-traversal = \"force\"");
    }
}
