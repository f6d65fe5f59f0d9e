package org.ikd.it.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.ikd.core.pki.TestCa;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ikdctl policy add} with what a policy file's rule may say (issue 17): certificates, a
 * peer ID, DPD, NAT-T off, a replay window; and {@code --persist}: the rule survives a restart
 * through {@code policy.d/NAME.toml}, which {@code ikd check} accepts, until {@code policy delete}.
 */
class DynamicRuleOptionsIT {
    private static final String A = TwoHosts.A;
    private static final String B = TwoHosts.B;

    @TempDir
    Path dir;

    @BeforeEach
    void needsRoot() {
        assumeTrue(Admin.isRoot(), "needs root (namespaces, TUN, raw sockets)");
    }

    @Test
    void aCertificateRuleWithOptionsIsKeptAcrossARestartUntilDeleted() throws Exception {
        Instant now = Instant.now();
        TestCa ca = new TestCa("CN=ikd dynamic rule test CA", TestCa.ec("secp256r1"), now.minusSeconds(86400), now.plusSeconds(86400 * 30));
        for (String[] side : new String[][] {{"a", A}, {"b", B}}) pki(ca, dir.resolve(side[0]), side[1], now);
        try (TwoHosts lab = TwoHosts.create("ikd-ad-do");
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), Admin.policy(B, A, "aes128gcm16", "60m", "it.psk", "198.18.0.9")
                     .replace("authentication = [ { psk-file = \"it.psk\" } ]",
                             "authentication = [ { certificate = \"host.pem\", key = \"host.key\", ca = [\"ca.pem\"] } ]"))) {
            IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), Admin.policy(A, B, null, null, null, "198.18.0.9"));
            try {
                Path home = dir.resolve("a");
                String added = Admin.ok(a, "policy", "add", "lab", "--source", "me", "--destination", B, "--method", "esp:aes128gcm16",
                        "--pfs", "modp2048", "--cert", home.resolve("host.pem").toString(), "--key", home.resolve("host.key").toString(),
                        "--ca", home.resolve("ca.pem").toString(), "--peer-id", "CN=" + B, "--dpd-delay", "5s", "--dpd-action", "hold",
                        "--nat-traversal", "off", "--replay-window", "128", "--persist").out();
                Path dropIn = home.resolve("policy.d/lab.toml");
                assertTrue(added.contains("kept in " + dropIn), added);
                assertTrue(Files.exists(dropIn), added);
                assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(dropIn)));
                String text = Files.readString(dropIn);
                for (String key : List.of("certificate = ", "peer-id = \"CN=" + B + "\"", "dpd = { delay = \"5s\", action = \"hold\" }",
                        "nat-traversal = \"off\"", "replay-window = 128"))
                    assertTrue(text.contains(key), key + " in\n" + text);
                assertFalse(text.contains("PRIVATE KEY"), "a path, never the key");
                Command.Result check = Command.run(List.of(IkdNode.java(), "-cp", IkdNode.classPath(), "org.ikd.daemon.Ikd", "check",
                        "--local-address", A, dropIn.toString()), 60);
                assertEquals(0, check.exitCode(), "ikd check accepts the drop-in as it is: " + check.stdout() + check.stderr());

                String exported = Admin.ok(a, "policy", "export").out();
                assertTrue(exported.startsWith("# ikdctl policy export: " + home.resolve("policy.toml") + " as ikd parsed it\n"
                        + Files.readString(home.resolve("policy.toml"))), exported);
                assertTrue(exported.contains("# ---- dynamic rule 'lab' (ikdctl policy add), as its drop-in policy.d/lab.toml ----\n"), exported);
                Path out = dir.resolve("exported");
                Admin.ok(a, "policy", "export", "--dir", out.toString());
                assertEquals(Files.readString(home.resolve("policy.toml")), Files.readString(out.resolve("policy.toml")));
                assertTrue(Files.readString(out.resolve("policy.d/lab.toml")).contains("replay-window = 128"));

                assertTrue(Admin.ping(lab.a, A, B, 3), "ping through the dynamic rule's SA:\n" + a.oakleyLog() + b.oakleyLog());
                JsonObject mm = Admin.json(a, "show", "mm", "--rule", "lab").getAsJsonArray("sas").get(0).getAsJsonObject();
                assertTrue(Admin.str(mm, "authentication").startsWith("ecdsa"), "certificate authentication: " + mm);
                assertFalse(mm.get("natTraversal").getAsBoolean(), "nat-traversal off: " + mm);
                assertTrue(a.oakleyLog().contains("peer authenticated"), a.oakleyLog());

                a.stop();
                a.restart();
                JsonObject rule = Admin.json(a, "show", "policy").getAsJsonArray("rules").get(0).getAsJsonObject();
                assertEquals("lab", Admin.str(rule, "name"), "the persisted rule is back after the restart: " + rule);
                assertTrue(rule.get("dynamic").getAsBoolean(), rule.toString());
                assertTrue(Admin.ping(lab.a, A, B, 3), "and negotiates again:\n" + a.oakleyLog());

                String deleted = Admin.ok(a, "policy", "delete", "lab").out();
                assertTrue(deleted.contains("(and its drop-in file)"), deleted);
                assertFalse(Files.exists(dropIn));
                a.stop();
                a.restart();
                assertTrue(Admin.json(a, "show", "policy").getAsJsonArray("rules").asList().stream()
                        .noneMatch(r -> "lab".equals(Admin.str(r.getAsJsonObject(), "name"))), "gone for good");

                Admin.Run half = Admin.ikdctl(a, "policy", "add", "half", "--source", "me", "--destination", B,
                        "--method", "esp:aes128gcm16", "--cert", home.resolve("host.pem").toString());
                assertEquals(1, half.code(), half.toString());
                assertTrue(half.err().contains("--cert, --key and --ca go together"), half.toString());
            } finally {
                a.close();
            }
        }
    }

    private static void pki(TestCa ca, Path home, String address, Instant now) throws Exception {
        Files.createDirectories(home);
        KeyPair keys = TestCa.ec("secp256r1");
        X509Certificate c = ca.issue("CN=" + address, keys.getPublic(), now.minusSeconds(3600), now.plusSeconds(86400 * 10), TestCa.ip(address));
        Files.writeString(home.resolve("host.pem"), TestCa.pem(c));
        Files.writeString(home.resolve("ca.pem"), TestCa.pem(ca.certificate()));
        Files.writeString(home.resolve("host.key"), TestCa.pem(keys.getPrivate()));
        Files.setPosixFilePermissions(home.resolve("host.key"), PosixFilePermissions.fromString("rw-------"));
    }
}
