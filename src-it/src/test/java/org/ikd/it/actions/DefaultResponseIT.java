package org.ikd.it.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ikd.daemon.control.ControlRequest;
import org.ikd.daemon.control.Statistics;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Netns;
import org.ikd.it.lab.PolicyToml;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Windows' default response rule with two real daemons: host B answers IKE for traffic no rule of
 * its own names, and never starts it. What each host receives from the other (cleartext ICMP,
 * ESP) is counted by the test's own nftables table ({@link InputCounters}), not by ikd.
 * <ol>
 * <li>B has only the default response; A has a transport rule to B. Before A negotiates, B has no
 *     route into its TUN for A and starts no negotiation; after, pings go both ways through ESP.
 * <li>Windows' "Server (Request Security)": B's rule for all its traffic requests security
 *     (accept-unsecured, fallback-to-clear), beside the default response. A without IPsec still
 *     talks to B in the clear; once A runs ikd with a transport rule, their traffic is ESP. B's rule
 *     covers A, so it answers, not the default response (which comes after every rule).
 * </ol>
 */
class DefaultResponseIT {
    private static final int PINGS = 5;
    private static final IkdNode.Launch LAUNCH = IkdNode.Launch.plain().withReady(Duration.ofSeconds(90));
    private static final String DEFAULT_RESPONSE = """

            [default-response]
            enabled = true
            filter-action = "respond"
            authentication = [ { psk-file = "it.psk" } ]
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void needsRoot() throws Exception {
        assumeTrue(PolicyActionsIT.isRoot(), "needs root (namespaces, TUN, raw sockets)");
        assumeTrue(Command.available("ping") && Command.available("nft"), "needs ping and nft (.ci/run installs them)");
    }

    /** B's policy: only the default response, ESP aes128gcm16. */
    private static String onlyDefaultResponse() {
        return PolicyToml.named("it-dr-b", TwoHosts.B).mainMode(PolicyToml.MAIN_MODE)
                .negotiate("respond", "esp = \"aes128gcm16\"").render() + DEFAULT_RESPONSE;
    }

    /** B's "Server (Request Security)": all its traffic requests security, plus the default response. */
    private static String requestSecurity() {
        return PolicyToml.named("it-dr-b", TwoHosts.B).mainMode(PolicyToml.MAIN_MODE)
                .filterList("all", "{ source = \"me\", destination = \"any\" }")
                .negotiate("request", "esp = \"aes128gcm16\"", "accept-unsecured = true", "fallback-to-clear = true")
                .negotiate("respond", "esp = \"aes128gcm16\"")
                .pskRule("all", "all", "request").render() + DEFAULT_RESPONSE;
    }

    /** A's: a transport rule to B that requires ESP (B's cleartext is dropped at A). */
    private static String transportToB() {
        return PolicyToml.transport("it-dr-a", TwoHosts.A, TwoHosts.B, "esp", "esp = \"aes128gcm16\"");
    }

    @Test
    void aHostWithOnlyTheDefaultResponseAnswersAndItsPairCarriesTrafficBothWays() {
        try (TwoHosts lab = TwoHosts.create("ikr-dr");
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), onlyDefaultResponse(), LAUNCH);
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), transportToB(), LAUNCH)) {
            assertFalse(lab.b.ip("route", "get", TwoHosts.A).contains("ikd0"), "no route into B's TUN before A negotiates: "
                    + lab.b.ip("route", "get", TwoHosts.A));
            assertEquals(0, pings(lab.b, TwoHosts.B, TwoHosts.A, 2), "B's cleartext ping: A requires ESP and B never initiates");
            assertEquals(0, statistics(b).ike().totalAcquire(), "B started no negotiation:\n" + b.oakleyLog());

            assertEquals(1, pings(lab.a, TwoHosts.A, TwoHosts.B, 1), () -> "A negotiates with B's default response:\n" + logs(a, b));
            assertTrue(b.oakleyLog().contains("-> rule 'default response' 198.18.0.2 -> 198.18.0.1"), b.oakleyLog());
            assertTrue(b.ikdctl("show", "qm").contains("default response"), b.ikdctl("show", "qm"));
            assertTrue(lab.b.ip("route", "get", TwoHosts.A).contains("dev ikd0"), "the pair routes A into B's TUN: "
                    + lab.b.ip("route", "get", TwoHosts.A));
            assertEspBothWays(lab, a, b, lab.a, TwoHosts.A, TwoHosts.B);
            assertEspBothWays(lab, a, b, lab.b, TwoHosts.B, TwoHosts.A);
            assertEquals(0, statistics(b).ike().totalAcquire(), "B still started nothing:\n" + b.oakleyLog());
        }
    }

    @Test
    void serverRequestSecurityTalksInTheClearToAPeerWithoutIpsecAndThroughEspToOneWithIt() {
        try (TwoHosts lab = TwoHosts.create("ikr-drs");
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), requestSecurity(), LAUNCH)) {
            // A without IPsec: B lets its cleartext in; B's answers fall back to clear after the negotiation fails
            InputCounters atA = InputCounters.install(lab.a, TwoHosts.B);
            Command.Result r = lab.a.exec(60, "ping", "-n", "-c", "10", "-W", "10", "-I", TwoHosts.A, TwoHosts.B);
            assertTrue(received(r) >= 9, () -> "A reaches B in the clear after the fallback: " + r.stdout() + "\n" + b.oakleyLog());
            assertTrue(atA.packets(InputCounters.ECHO_REPLY) >= 9, "B's replies came in the clear");
            assertEquals(0, atA.packets(InputCounters.ESP), "nothing protected");

            try (IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), transportToB(), LAUNCH)) {
                assertEquals(1, pings(lab.a, TwoHosts.A, TwoHosts.B, 1), () -> "A negotiates with B:\n" + logs(a, b));
                // B's rule covers every peer: it answers A, and the default response stands by as in Windows
                assertTrue(b.oakleyLog().contains("-> rule 'all' "), b.oakleyLog());
                assertEspBothWays(lab, a, b, lab.a, TwoHosts.A, TwoHosts.B);
                assertEspBothWays(lab, a, b, lab.b, TwoHosts.B, TwoHosts.A);
            }
        }
    }

    /** {@code PINGS} pings from {@code from} all answered, and every request and reply went as ESP (counted at both hosts). */
    private static void assertEspBothWays(TwoHosts lab, IkdNode a, IkdNode b, Netns ns, String from, String to) {
        InputCounters atA = InputCounters.install(lab.a, TwoHosts.B);
        InputCounters atB = InputCounters.install(lab.b, TwoHosts.A);
        assertEquals(PINGS, pings(ns, from, to, PINGS), () -> "pings " + from + " -> " + to + "\n" + logs(a, b));
        assertTrue(atB.packets(InputCounters.ESP) >= PINGS, () -> "B received A's packets as ESP: " + atB.packets(InputCounters.ESP));
        assertTrue(atA.packets(InputCounters.ESP) >= PINGS, () -> "A received B's packets as ESP: " + atA.packets(InputCounters.ESP));
    }

    /** {@code count} pings 0.2 s apart; the first waits up to 15 s (Main Mode and Quick Mode); the replies received. */
    private static int pings(Netns ns, String from, String target, int count) {
        return received(ns.exec(60, "ping", "-n", "-c", Integer.toString(count), "-i", "0.2", "-W", count == 1 ? "15" : "2",
                "-I", from, target));
    }

    private static int received(Command.Result r) {
        Matcher m = Pattern.compile("(\\d+) received").matcher(r.stdout());
        if (!m.find()) throw new IllegalStateException("ping said: " + r.stdout() + r.stderr());
        return Integer.parseInt(m.group(1));
    }

    private static Statistics statistics(IkdNode ikd) {
        return ikd.control(ControlRequest.Command.SHOW_STATS, Statistics.class);
    }

    private static String logs(IkdNode a, IkdNode b) {
        return "--- A:\n" + a.oakleyLog() + a.ikdctl("show", "stats") + "--- B:\n" + b.oakleyLog() + b.ikdctl("show", "stats")
                + b.ikdctl("show", "filters");
    }
}
