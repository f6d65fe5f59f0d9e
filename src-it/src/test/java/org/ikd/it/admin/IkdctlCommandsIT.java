package org.ikd.it.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.ikd.core.pki.TestCa;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ikdctl commands an admin uses beside swanctl (issue 17), each against two real daemons:
 * {@code initiate --wait} for a success and for a wrong key, {@code show --rule/--peer},
 * {@code stats [--reset]}, {@code events} while {@code down} takes a rule down, {@code log}, and
 * {@code show certs|cas|crls} checked against openssl's own reading of the files.
 */
class IkdctlCommandsIT {
    private static final String A = TwoHosts.A;
    private static final String B = TwoHosts.B;

    @TempDir
    Path dir;

    @BeforeEach
    void needsRoot() {
        assumeTrue(Admin.isRoot(), "needs root (namespaces, TUN, raw sockets)");
    }

    @Test
    void initiateWaitsForThePairThenShowNarrowsStatsResetAndDownSendsDeletes() throws Exception {
        try (TwoHosts lab = TwoHosts.create("ikd-ad-cm");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), Admin.policy(A, B, "aes128gcm16", "60m", "it.psk", "198.18.0.9"));
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), Admin.policy(B, A, "aes128gcm16", "60m", "it.psk", "198.18.0.9"))) {
            Admin.Run up = Admin.ikdctl(a, "initiate", "peer", "--wait", "--wait-seconds", "60");
            System.out.println("ikdctl initiate peer --wait (same key): " + up);          // the transcript, in the IT report
            assertEquals(0, up.code(), up.toString());
            assertTrue(up.out().contains("MM") && up.out().contains("QM") && up.out().contains("event=541 mode=quick"), up.toString());
            assertTrue(up.out().endsWith("rule 'peer': Quick Mode SA pair installed\n"), up.toString());

            assertEquals(1, Admin.json(a, "show", "qm", "--rule", "peer").getAsJsonArray("sas").size());
            assertEquals(0, Admin.json(a, "show", "qm", "--rule", "other").getAsJsonArray("sas").size());
            assertEquals(1, Admin.json(a, "show", "mm", "--peer", B).getAsJsonArray("sas").size());
            assertEquals(0, Admin.json(a, "show", "qm", "--peer", "198.18.0.99").getAsJsonArray("sas").size());
            assertEquals(1, Admin.ikdctl(a, "show", "qm", "--peer", "not-an-address").code(), "a name is refused, never looked up");

            assertTrue(Admin.ping(lab.a, A, B, 2), a.oakleyLog());
            String stats = Admin.ok(a, "stats").out();
            assertTrue(stats.matches("(?s)ikd \\S+, up \\d\\d:\\d\\d:\\d\\d\n.*"), stats);
            JsonObject before = Admin.json(a, "show", "stats");
            assertEquals(1, before.getAsJsonObject("ike").get("oakleyQuickModes").getAsLong(), before.toString());
            assertTrue(Admin.ok(a, "stats", "--reset").out().contains("counters reset"));
            JsonObject after = Admin.json(a, "show", "stats");
            assertEquals(0, after.getAsJsonObject("ike").get("oakleyQuickModes").getAsLong(), "a counter counts from the reset");
            assertEquals(1, after.getAsJsonObject("ike").get("isadbListSize").getAsLong(), "a gauge shows the present");
            assertTrue(after.get("secondsSinceReset").getAsLong() >= 0, after.toString());

            // rekey: a new pair with new SPIs on both sides, the old one hands over; traffic goes on
            String oldSpi = Admin.str(Admin.json(a, "show", "qm").getAsJsonArray("sas").get(0).getAsJsonObject(), "inboundSpi");
            String rekeyed = Admin.ok(a, "rekey", "peer").out();
            assertTrue(rekeyed.startsWith("1 of 1 Quick Mode SA pair(s) of rule 'peer' renewing"), rekeyed);
            assertTrue(Admin.await(15, () -> Admin.json(a, "show", "qm").getAsJsonArray("sas").asList().stream()
                    .anyMatch(q -> !oldSpi.equals(Admin.str(q.getAsJsonObject(), "inboundSpi")))), a.oakleyLog());
            assertTrue(a.output().contains("rekey asked by ikdctl"), a.output());
            assertTrue(Admin.await(10, () -> Admin.json(b, "show", "qm").getAsJsonArray("sas").size() >= 1), b.oakleyLog());
            assertTrue(Admin.ping(lab.a, A, B, 2), "traffic on the new pair:\n" + a.oakleyLog());
            assertEquals(1, Admin.ikdctl(a, "rekey", "nope").code(), "an unknown rule");

            // events and log streams, opened before down: they show the pair and the Main Mode SA ending
            CompletableFuture<Admin.Run> events = CompletableFuture.supplyAsync(() -> Admin.ikdctl(a, "events", "--json", "--count", "2"));
            CompletableFuture<Admin.Run> log = CompletableFuture.supplyAsync(() -> Admin.ikdctl(a, "log", "--peer", B, "--count", "3"));
            Thread.sleep(1500);                      // both subscribed (a reader gets only what comes after it)
            Admin.Run down = Admin.ok(a, "down", "peer");
            assertTrue(down.out().matches("[12] Quick Mode SA\\(s\\) and 1 Main Mode SA\\(s\\) of rule 'peer' deleted; Delete payloads sent to "
                    + B.replace(".", "\\.") + "\n"), down.toString());
            assertTrue(Admin.await(10, () -> Admin.json(b, "show", "qm").getAsJsonArray("sas").isEmpty()),
                    "B received the Delete:\n" + b.oakleyLog());
            Admin.Run ev = events.get();
            assertEquals(0, ev.code(), ev.toString());
            JsonObject first = JsonParser.parseString(ev.out().lines().findFirst().orElseThrow()).getAsJsonObject();
            assertEquals("event", first.get("source").getAsString());
            assertEquals("542", first.getAsJsonObject("fields").get("event").getAsString(), ev.out());
            assertEquals("peer", first.getAsJsonObject("fields").get("rule").getAsString(), ev.out());
            Admin.Run lines = log.get();
            assertEquals(0, lines.code(), lines.toString());
            assertEquals(3, lines.out().lines().count(), lines.out());
            assertTrue(lines.out().lines().allMatch(l -> l.contains(B)), "only lines with peer " + B + ":\n" + lines.out());
            assertEquals(1, Admin.ikdctl(a, "down", "peer").code(), "nothing left to take down");
        }
    }

    @Test
    void initiateWaitWithAWrongKeyExitsOneWithTheReason() throws Exception {
        try (TwoHosts lab = TwoHosts.create("ikd-ad-cw");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), Admin.policy(A, B, "aes128gcm16", "60m", "it.psk", "198.18.0.9"));
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), Admin.policy(B, A, "aes128gcm16", "60m", "it.psk", "198.18.0.9"),
                     IkdNode.Launch.plain().withPsk("a-different-key-than-a-has-0123456789"))) {
            Admin.Run r = Admin.ikdctl(a, "initiate", "peer", "--wait", "--wait-seconds", "90");
            System.out.println("ikdctl initiate peer --wait (wrong key on B): " + r);
            assertEquals(1, r.code(), r.toString());
            assertTrue(r.out().contains("event=547"), r.toString());
            assertTrue(r.err().startsWith("ikdctl: rule 'peer' failed: "), r.toString());
            assertTrue(Admin.json(a, "show", "qm").getAsJsonArray("sas").isEmpty());
        }
    }

    /** Windows' EnableLogging at run time: off writes nothing, failures only the failure, all every step. */
    @Test
    void oakleyLogDetailChangesWithoutARestart() throws Exception {
        try (TwoHosts lab = TwoHosts.create("ikd-ad-co");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), Admin.policy(A, B, "aes128gcm16", "60m", "it.psk", "198.18.0.9"));
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), Admin.policy(B, A, "aes128gcm16", "60m", "it.psk", "198.18.0.9"),
                     IkdNode.Launch.plain().withPsk("a-different-key-than-a-has-0123456789"))) {
            assertEquals("Oakley log: all\n", Admin.ok(a, "oakley-log").out());
            assertTrue(Admin.ok(a, "oakley-log", "off").out().startsWith("Oakley log: off (was all;"));
            long before = a.oakleyLog().lines().count();
            assertEquals(1, Admin.ikdctl(a, "initiate", "peer", "--wait", "--wait-seconds", "60").code());
            assertEquals(before, a.oakleyLog().lines().count(), "off: nothing written\n" + a.oakleyLog());
            Admin.ok(a, "oakley-log", "failures");
            assertEquals(1, Admin.ikdctl(a, "initiate", "peer", "--wait", "--wait-seconds", "60").code());
            // the file is written by an asynchronous appender: wait for the line, then look at all that came
            assertTrue(Admin.await(10, () -> a.oakleyLog().lines().skip(before).anyMatch(l -> l.contains("negotiation failed"))), a.oakleyLog());
            List<String> added = a.oakleyLog().lines().skip(before).toList();
            assertTrue(added.stream().allMatch(l -> l.contains(" WARN ")), "failures: only WARN lines\n" + added);
            Admin.ok(a, "oakley-log", "all");
            assertEquals(1, Admin.ikdctl(a, "initiate", "peer", "--wait", "--wait-seconds", "60").code());
            assertTrue(Admin.await(10, () -> a.oakleyLog().lines().skip(before).anyMatch(l -> l.contains(" INFO ") && l.contains("MM#1 send"))),
                    a.oakleyLog());
            assertEquals(1, Admin.ikdctl(a, "oakley-log", "loud").code(), "an unknown detail is refused");
        }
    }

    @Test
    void showCertsCasAndCrlsAsOpensslReadsTheFiles() throws Exception {
        Instant now = Instant.now();
        TestCa ca = new TestCa("CN=ikd ikdctl test CA", TestCa.ec("secp256r1"), now.minusSeconds(86400), now.plusSeconds(86400 * 30));
        for (String[] side : new String[][] {{"a", A}, {"b", B}}) {
            Path home = Files.createDirectories(dir.resolve(side[0]));
            KeyPair keys = TestCa.ec("secp256r1");
            X509Certificate c = ca.issue("CN=" + side[1], keys.getPublic(), now.minusSeconds(3600), now.plusSeconds(86400 * 10), TestCa.ip(side[1]));
            Files.writeString(home.resolve("host.pem"), TestCa.pem(c));
            Files.writeString(home.resolve("ca.pem"), TestCa.pem(ca.certificate()));
            Files.writeString(home.resolve("host.key"), TestCa.pem(keys.getPrivate()));
            Files.setPosixFilePermissions(home.resolve("host.key"), PosixFilePermissions.fromString("rw-------"));
        }
        String cert = "authentication = [ { certificate = \"host.pem\", key = \"host.key\", ca = [\"ca.pem\"] } ]";
        try (TwoHosts lab = TwoHosts.create("ikd-ad-cc");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), Admin.policy(A, B, "aes128gcm16", "60m", "it.psk", "198.18.0.9")
                     .replace("authentication = [ { psk-file = \"it.psk\" } ]", cert))) {
            JsonObject creds = Admin.json(a, "show", "certs");
            JsonArray certs = creds.getAsJsonArray("certificates");
            assertEquals(1, certs.size(), creds.toString());
            JsonObject mine = certs.get(0).getAsJsonObject();
            assertEquals("CN=" + A, Admin.str(mine, "subject"));
            assertEquals("peer", mine.getAsJsonArray("rules").get(0).getAsString());
            assertEquals(openssl(dir.resolve("a/host.pem")), Admin.str(mine, "sha256"), "the fingerprint openssl computes");
            assertTrue(mine.get("daysLeft").getAsLong() >= 9, mine.toString());
            JsonObject theCa = creds.getAsJsonArray("authorities").get(0).getAsJsonObject();
            assertEquals(openssl(dir.resolve("a/ca.pem")), Admin.str(theCa, "sha256"));
            assertEquals("CN=ikd ikdctl test CA", Admin.str(theCa, "subject"));
            assertTrue(creds.getAsJsonArray("crls").isEmpty());
            String text = Admin.ok(a, "show", "certs").out();
            assertTrue(text.startsWith("Certificates\n  subject:  CN=" + A + "\n"), text);
            assertTrue(Admin.ok(a, "show", "crls").out().equals("CRLs\n  none\n"));
            assertFalse(text.contains("PRIVATE"), "no key material");
        }
    }

    /** {@code openssl x509 -fingerprint -sha256}: "sha256 Fingerprint=AB:CD:..." → "AB:CD:...". */
    private static String openssl(Path pem) {
        Command.Result r = Command.run(java.util.List.of("openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", pem.toString()), 30);
        assertEquals(0, r.exitCode(), r.stderr());
        return r.stdout().strip().replaceFirst("(?i)^sha256 Fingerprint=", "");
    }
}
