package org.ikd.it.kerberos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Netns;
import org.ikd.it.lab.PolicyToml;
import org.ikd.it.lab.TwoHosts;
import org.ikd.it.lab.WireCapture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Main Mode with Kerberos (draft-ietf-ipsec-isakmp-gss-auth-07) between two ikd daemons, against
 * MIT krb5kdc: a realm EXAMPLE made in the test's temp dir with host/a.example and host/b.example,
 * the KDC in a namespace of its own, linked to A (198.18.6.1) and to B (198.18.7.1). ESP transport
 * between A 198.18.0.1 and B 198.18.0.2; A initiates.
 * <ol>
 * <li>Main Mode, Quick Mode, pings through ESP; the GSS tokens travel in payload 129 of MM#3/#4 (tshark).
 * <li>Each failure named in the Oakley log: B's keytab made before its key changed (the JDK then tries
 *     the old key: "Checksum failed"), a peer principal the KDC does not know (KDC_ERR_S_PRINCIPAL_UNKNOWN, 7),
 *     an AP-REQ older than B's clockskew (KRB_AP_ERR_SKEW, 37: B drops MM#3 until A has resent it, so
 *     the copy that gets through carries an authenticator made seconds before), the KDC unreachable
 *     (its packets dropped: krb5.conf's kdc_timeout, 2 s, runs out).
 * </ol>
 * The expected texts are the RFC's error names and codes and MIT's log, never ikd's own words alone.
 */
class KerberosMainModeIT {
    private static final IkdNode.Launch LAUNCH = IkdNode.Launch.plain().withReady(Duration.ofSeconds(90));
    private static final String HOST_A = "host/a.example";
    private static final String HOST_B = "host/b.example";
    private static final String KDC_A = "198.18.6.1";
    private static final String KDC_B = "198.18.7.1";

    @TempDir
    Path dir;

    @BeforeEach
    void needs() {
        assumeTrue(Command.run(List.of("id", "-u"), 10).stdout().trim().equals("0"), "needs root (namespaces, TUN, raw sockets)");
        assumeTrue(Command.available("krb5kdc") && Command.available("kadmin.local") && Command.available("nft"),
                "needs krb5-kdc, krb5-admin-server and nft (.ci/run installs them)");
    }

    /** The lab: two hosts, a KDC namespace linked to each, the realm (not started). */
    private record Lab(TwoHosts hosts, Netns kdcNs, KdcRealm realm) implements AutoCloseable {
        @Override
        public void close() {
            realm.close();
            kdcNs.close();
            hosts.close();
        }
    }

    private Lab lab() throws IOException {
        TwoHosts hosts = TwoHosts.create("k5");
        Netns kdc = null;
        try {
            kdc = Netns.create("k5-kdc");
            link(kdc, hosts.a, KDC_A, "198.18.6.2");
            link(kdc, hosts.b, KDC_B, "198.18.7.2");
            return new Lab(hosts, kdc, KdcRealm.create(dir.resolve("kdc"), kdc, HOST_A, HOST_B));
        } catch (IOException | RuntimeException e) {
            if (kdc != null) kdc.close();
            hosts.close();
            throw e;
        }
    }

    private static void link(Netns kdc, Netns host, String kdcAddress, String hostAddress) {
        kdc.ip("link", "add", "k5-kdc", "type", "veth", "peer", "name", "k5-host", "netns", host.name());
        kdc.ip("link", "set", "k5-kdc", "name", "k5-" + hostAddress.split("\\.")[2]);
        String kdcSide = "k5-" + hostAddress.split("\\.")[2];
        kdc.ip("addr", "add", kdcAddress + "/30", "dev", kdcSide);
        host.ip("addr", "add", hostAddress + "/30", "dev", "k5-host");
        kdc.ip("link", "set", kdcSide, "up");
        host.ip("link", "set", "k5-host", "up");
    }

    /** A node's files: its keytab (as the KDC has the key now), its krb5.conf; returns its policy. */
    private static String node(Lab lab, Path nodeDir, boolean onA, String peer, int clockSkew) throws IOException {
        Files.createDirectories(nodeDir);
        String self = onA ? HOST_A : HOST_B;
        lab.realm().keytab(self, nodeDir.resolve("host.keytab"));
        Files.writeString(nodeDir.resolve("krb5.conf"), KdcRealm.krb5Conf(onA ? KDC_A : KDC_B, clockSkew));
        String me = onA ? TwoHosts.A : TwoHosts.B;
        return PolicyToml.named(onA ? "it-k5-a" : "it-k5-b", me).mainMode(PolicyToml.MAIN_MODE)
                .filterList("peer", PolicyToml.peerOf(onA ? TwoHosts.B : TwoHosts.A))
                .negotiate("esp", "esp = \"aes128gcm16\"")
                .rule("peer", "peer", "esp", "authentication = [ { kerberos = { keytab = \"host.keytab\", principal = \""
                        + self + "@EXAMPLE\", peer = \"" + peer + "\", krb5-conf = \"krb5.conf\" } } ]").render();
    }

    @Test
    void mainModeWithKerberosThenQuickModeCarriesPingsThroughEsp() throws Exception {
        try (Lab lab = lab()) {
            lab.realm().start();
            String policyB = node(lab, dir.resolve("b"), false, "@EXAMPLE", 300);
            String policyA = node(lab, dir.resolve("a"), true, HOST_B + "@EXAMPLE", 300);
            try (IkdNode b = IkdNode.start(lab.hosts().b, dir.resolve("b"), policyB, LAUNCH);
                 IkdNode a = IkdNode.start(lab.hosts().a, dir.resolve("a"), policyA, LAUNCH);
                 WireCapture wire = WireCapture.start(lab.hosts().a, TwoHosts.LINK, dir.resolve("wire"))) {
                await(() -> a.output().contains("Kerberos: " + HOST_A + "@EXAMPLE has tickets"), "A's tickets", a::output);
                assertEquals(1, pings(lab.hosts().a, 1), () -> "A negotiates with B:\n" + logs(a, b) + lab.realm().log());
                assertTrue(a.oakleyLog().contains("peer authenticated (kerberos, id kerberos " + HOST_B + "@EXAMPLE)"), a.oakleyLog());
                assertTrue(b.oakleyLog().contains("Kerberos AP-REQ from " + HOST_A + "@EXAMPLE accepted"), b.oakleyLog());
                assertTrue(b.oakleyLog().contains("peer authenticated (kerberos, id kerberos " + HOST_A + "@EXAMPLE)"), b.oakleyLog());
                // MIT's log: A's TGT (AS-REQ) and its ticket for B (TGS-REQ), issued
                assertTrue(lab.realm().log().matches("(?s).*AS_REQ .*ISSUE.*" + HOST_A + "@EXAMPLE for krbtgt/EXAMPLE@EXAMPLE.*"), lab.realm().log());
                assertTrue(lab.realm().log().matches("(?s).*TGS_REQ .*ISSUE.*" + HOST_A + "@EXAMPLE for " + HOST_B + "@EXAMPLE.*"), lab.realm().log());
                assertEquals(5, pings(lab.hosts().a, 5), () -> logs(a, b));
                // tshark 4.0: the GSS token payload is "Private Use" 129; MM#3 and MM#4 each carry one, method 65001 in MM#1/#2
                List<String[]> rows = wire.rows(null, "isakmp.exchangetype == 2", "isakmp.typepayload", "isakmp.ike.attr.authentication_method");
                long withGss = rows.stream().filter(r -> List.of(r[0].split(",")).contains("129")).count();
                assertTrue(withGss >= 2, "MM#3 and MM#4 carry payload 129: " + describe(rows));
                assertTrue(rows.stream().anyMatch(r -> r[1].contains("65001")), "MM#1 offers method 65001: " + describe(rows));
                show("Kerberos negotiation", a, b);
            }
        }
    }

    @Test
    void aKeytabMadeBeforeTheKeyChangedIsNamedOnTheResponder() throws Exception {
        try (Lab lab = lab()) {
            lab.realm().start();
            String policyB = node(lab, dir.resolve("b"), false, "@EXAMPLE", 300);
            lab.realm().rotate(HOST_B);                      // B's keytab now holds an old kvno
            String policyA = node(lab, dir.resolve("a"), true, HOST_B + "@EXAMPLE", 300);
            try (IkdNode b = IkdNode.start(lab.hosts().b, dir.resolve("b"), policyB, LAUNCH);
                 IkdNode a = IkdNode.start(lab.hosts().a, dir.resolve("a"), policyA, LAUNCH)) {
                await(() -> a.output().contains("has tickets"), "A's tickets", a::output);
                assertEquals(0, pings(lab.hosts().a, 1), () -> logs(a, b));
                await(() -> b.oakleyLog().contains("AP-REQ does not authenticate it"), "B's refusal", () -> logs(a, b));
                // the JDK tries the keytab's key of the ticket's enctype whatever its kvno: RFC 3961's checksum fails
                assertTrue(b.oakleyLog().contains("AP-REQ does not authenticate it: Checksum failed"), b.oakleyLog());
                assertTrue(lab.realm().log().matches("(?s).*TGS_REQ .*ISSUE.*" + HOST_A + "@EXAMPLE for " + HOST_B + "@EXAMPLE.*"),
                        "the KDC issued the ticket under B's new key: " + lab.realm().log());
                show("wrong keytab", a, b);
            }
        }
    }

    @Test
    void aPeerPrincipalTheKdcDoesNotKnowIsNamedOnTheInitiator() throws Exception {
        try (Lab lab = lab()) {
            lab.realm().start();
            String policyB = node(lab, dir.resolve("b"), false, "@EXAMPLE", 300);
            String policyA = node(lab, dir.resolve("a"), true, "host/c.example@EXAMPLE", 300);
            try (IkdNode b = IkdNode.start(lab.hosts().b, dir.resolve("b"), policyB, LAUNCH);
                 IkdNode a = IkdNode.start(lab.hosts().a, dir.resolve("a"), policyA, LAUNCH)) {
                await(() -> a.output().contains("cannot get a ticket"), "A's failed fetch", a::output);
                assertEquals(0, pings(lab.hosts().a, 1), () -> logs(a, b));
                await(() -> a.oakleyLog().contains("no ticket for host/c.example@EXAMPLE"), "A's failure", () -> logs(a, b));
                assertTrue(a.oakleyLog().matches("(?s).*no ticket for host/c.example@EXAMPLE: [^\\n]*\\(7\\).*"),
                        "KDC_ERR_S_PRINCIPAL_UNKNOWN (7): " + a.oakleyLog());
                // A's own ticket failed, not B's proof: 547 alone (Windows audit), never 545
                assertFalse(a.oakleyLog().contains("event 545"), "545 is the peer's failure to authenticate: " + a.oakleyLog());
                assertTrue(lab.realm().log().contains("host/c.example@EXAMPLE"), "MIT refused it: " + lab.realm().log());
                show("unknown principal", a, b);
            }
        }
    }

    @Test
    void anApReqOlderThanTheClockSkewIsNamedOnTheResponder() throws Exception {
        try (Lab lab = lab()) {
            lab.realm().start();
            String policyB = node(lab, dir.resolve("b"), false, "@EXAMPLE", 1);     // B takes authenticators up to 1 s old
            String policyA = node(lab, dir.resolve("a"), true, HOST_B + "@EXAMPLE", 300);
            try (IkdNode b = IkdNode.start(lab.hosts().b, dir.resolve("b"), policyB, LAUNCH);
                 IkdNode a = IkdNode.start(lab.hosts().a, dir.resolve("a"), policyA, LAUNCH)) {
                await(() -> a.output().contains("has tickets"), "A's tickets", a::output);
                // B drops Main Mode messages whose first payload is KE (MM#3: ISAKMP byte 16, after the 8-byte UDP header)
                nft(lab.hosts().b, "add table inet k5skew",
                        "add chain inet k5skew in { type filter hook input priority -10 ; }",
                        "add rule inet k5skew in udp dport 500 @th,192,8 4 counter drop");
                Process ping = new ProcessBuilder(pingArgv(lab.hosts().a, 1)).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                await(() -> dropped(lab.hosts().b) >= 2, "MM#3 and its first resend dropped at B", () -> logs(a, b));
                nft(lab.hosts().b, "delete table inet k5skew");                     // the next resend, seconds old, gets through
                ping.waitFor(30, TimeUnit.SECONDS);
                ping.destroy();
                await(() -> b.oakleyLog().contains("AP-REQ does not authenticate it"), "B's refusal", () -> logs(a, b));
                assertTrue(b.oakleyLog().matches("(?s).*AP-REQ does not authenticate it: [^\\n]*\\(37\\).*"),
                        "KRB_AP_ERR_SKEW (37): " + b.oakleyLog());
                assertTrue(b.oakleyLog().contains("event 545"), "the peer's stale AP-REQ is event 545: " + b.oakleyLog());
                show("clock skew", a, b);
            }
        }
    }

    @Test
    void anUnreachableKdcIsNamedWithItsTimeoutOnTheInitiator() throws Exception {
        try (Lab lab = lab()) {
            // no krb5kdc, and the KDC's address drops what reaches it: only kdc_timeout ends the wait
            nft(lab.kdcNs(), "add table inet k5kdc", "add chain inet k5kdc in { type filter hook input priority 0 ; }",
                    "add rule inet k5kdc in udp dport 88 drop", "add rule inet k5kdc in tcp dport 88 drop");
            String policyB = node(lab, dir.resolve("b"), false, "@EXAMPLE", 300);
            String policyA = node(lab, dir.resolve("a"), true, HOST_B + "@EXAMPLE", 300);
            try (IkdNode b = IkdNode.start(lab.hosts().b, dir.resolve("b"), policyB, LAUNCH);
                 IkdNode a = IkdNode.start(lab.hosts().a, dir.resolve("a"), policyA, LAUNCH)) {
                await(() -> a.output().contains("cannot get a ticket"), "A's failed fetch", a::output);
                assertEquals(0, pings(lab.hosts().a, 1), () -> logs(a, b));
                await(() -> a.oakleyLog().contains("no ticket for " + HOST_B + "@EXAMPLE"), "A's failure", () -> logs(a, b));
                Matcher m = Pattern.compile("cannot get a ticket from the KDC \\((\\d+\\.\\d) s\\): ([^\\n]*)").matcher(a.oakleyLog());
                assertTrue(m.find(), a.oakleyLog());
                double waited = Double.parseDouble(m.group(1));
                assertTrue(waited >= 1.9, "the 2 s kdc_timeout ran out before the failure: " + m.group());
                assertTrue(m.group(2).toLowerCase().contains("timed out"), m.group());
                show("KDC unreachable", a, b);
            }
        }
    }

    private static long dropped(Netns ns) {
        Matcher m = Pattern.compile("counter packets (\\d+)").matcher(ns.exec(10, "nft", "list", "table", "inet", "k5skew").stdout());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static void nft(Netns ns, String... commands) {
        for (String c : commands) {
            List<String> argv = new java.util.ArrayList<>(List.of("nft"));
            argv.addAll(List.of(c.split(" ")));
            Command.Result r = ns.exec(10, argv.toArray(String[]::new));
            if (r.exitCode() != 0) throw new IllegalStateException("nft " + c + ": " + r.stderr());
        }
    }

    private static List<String> pingArgv(Netns ns, int count) {
        List<String> argv = new java.util.ArrayList<>(ns.execPrefix());
        argv.addAll(List.of("ping", "-n", "-c", Integer.toString(count), "-i", "0.2", "-W", count == 1 ? "15" : "2",
                "-I", TwoHosts.A, TwoHosts.B));
        return argv;
    }

    private static int pings(Netns ns, int count) {
        List<String> argv = pingArgv(ns, count);
        Command.Result r = Command.run(argv, 60);
        Matcher m = Pattern.compile("(\\d+) received").matcher(r.stdout());
        if (!m.find()) throw new IllegalStateException("ping said: " + r.stdout() + r.stderr());
        return Integer.parseInt(m.group(1));
    }

    /** Waits (≤ 30 s) until {@code done}; fails with {@code what} and {@code context} otherwise. */
    private static void await(Supplier<Boolean> done, String what, Supplier<String> context) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!done.get()) {
            if (System.nanoTime() > deadline) throw new AssertionError("no " + what + " within 30 s:\n" + context.get());
            IkdNode.sleep(100);
        }
    }

    /** The Oakley logs of both hosts in the test's output (the failsafe report), for the docs and the admin. */
    private static void show(String what, IkdNode a, IkdNode b) {
        System.out.println("== " + what + ": A's Oakley log\n" + a.oakleyLog() + "== " + what + ": B's Oakley log\n" + b.oakleyLog());
    }

    private static String logs(IkdNode a, IkdNode b) {
        return "A:\n" + a.oakleyLog() + a.output() + "\nB:\n" + b.oakleyLog() + b.output();
    }

    private static String describe(List<String[]> rows) {
        StringBuilder s = new StringBuilder();
        for (String[] r : rows) s.append(String.join(" | ", r)).append('\n');
        return s.toString();
    }
}
