package org.ikd.it.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ikdctl diag} and the Oakley log on two real daemons (issue 6): a good negotiation (every
 * check passes; the log tells the acquire, the offer, each message and the decisions), then B
 * with another pre-shared key (Main Mode fails at message 5; diag and both logs name the failing
 * point and the key mismatch), then B with another ESP method (Quick Mode fails; the log names
 * what was offered and what is accepted).
 */
class DiagAndOakleyIT {
    private static final String A = TwoHosts.A;
    private static final String B = TwoHosts.B;

    @TempDir
    Path dir;

    @BeforeEach
    void needsRoot() {
        assumeTrue(Admin.isRoot(), "needs root (namespaces, TUN, raw sockets)");
    }

    @Test
    void diagAndOakleyLogTellASuccessAWrongKeyAndAProposalMismatch() throws Exception {
        Admin.keyFile(dir.resolve("b"), "wrong.psk", "not-the-shared-secret");
        try (TwoHosts lab = TwoHosts.create("ikd-ad-dg");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), Admin.policy(A, B, "aes128gcm16", "60m", "it.psk", "198.18.0.9"));
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), Admin.policy(B, A, "aes128gcm16", "60m", "it.psk", "198.18.0.9"))) {
            var pinged = Admin.pings(lab.a, A, B, 3);
            assertEquals(0, pinged.exitCode(), () -> pinged + "\nA:\n" + a.oakleyLog() + a.output() + "\nB:\n" + b.oakleyLog() + b.output());
            everyCheckPasses(a);
            successIsLogged(a.oakleyLog(), b.oakleyLog());

            // B now holds another key: the reload deletes the Main Mode SA the old key authenticated (with a
            // Delete), so the next ping needs a new Main Mode
            Admin.writePolicy(b, Admin.policy(B, A, "aes128gcm16", "60m", "wrong.psk", "198.18.0.9"));
            Admin.ok(b, "reload");
            assertTrue(Admin.await(10, () -> Admin.json(b, "show", "mm").getAsJsonArray("sas").isEmpty()), b.oakleyLog());
            assertTrue(Admin.await(10, () -> Admin.json(a, "show", "mm").getAsJsonArray("sas").isEmpty()), a.oakleyLog());
            assertTrue(Admin.pingUnanswered(lab.a, A, B), "no SA with another key");
            assertTrue(Admin.await(15, () -> !Admin.json(b, "diag").getAsJsonArray("lastFailures").isEmpty()), b.oakleyLog());
            JsonObject failure = lastFailure(b);
            assertEquals("main", Admin.str(failure, "mode"));
            assertEquals(A, Admin.str(failure, "peer"));
            assertEquals("peer", Admin.str(failure, "rule"));
            assertTrue(Admin.str(failure, "reason").contains("pre-shared key mismatch"), failure.toString());
            String diag = Admin.ikdctl(b, "diag").out();
            assertTrue(diag.contains("WARN") && diag.contains("negotiations") && diag.contains("pre-shared key mismatch"), diag);
            assertTrue(b.oakleyLog().contains("HASH_I") && b.oakleyLog().contains("pre-shared key mismatch"), b.oakleyLog());
            assertTrue(Admin.await(15, () -> a.oakleyLog().contains("negotiation failed (failure point: peer)")), a.oakleyLog());
            assertTrue(Admin.json(b, "show", "stats").getAsJsonObject("ike").get("authenticationFailures").getAsLong() >= 1);

            // B's key is right again, but it accepts only AES-256 for ESP: Quick Mode fails
            Admin.writePolicy(b, Admin.policy(B, A, "aes256gcm16", "60m", "it.psk", "198.18.0.9"));
            Admin.ok(b, "reload");
            assertTrue(Admin.pingUnanswered(lab.a, A, B), "no common ESP method");
            assertTrue(Admin.await(15, () -> b.oakleyLog().contains("no Quick Mode proposal chosen")), b.oakleyLog());
            String mismatch = b.oakleyLog().lines().filter(l -> l.contains("no Quick Mode proposal chosen")).findFirst().orElseThrow();
            assertTrue(mismatch.contains(" QM negotiation failed (failure point: me)")
                    && mismatch.contains("peer offered esp:aes128gcm16; we accept [esp:aes256gcm16]"), mismatch);
            JsonObject last = lastFailure(b);
            assertEquals("quick", Admin.str(last, "mode"));
            assertTrue(Admin.str(last, "reason").contains("peer offered esp:aes128gcm16"), last.toString());
        }
    }

    private static JsonObject lastFailure(IkdNode ikd) {
        JsonArray f = Admin.json(ikd, "diag").getAsJsonArray("lastFailures");
        return f.get(f.size() - 1).getAsJsonObject();
    }

    private static void everyCheckPasses(IkdNode a) {
        Admin.Run text = Admin.ok(a, "diag");
        assertTrue(text.out().contains("Result: all checks passed") && text.out().contains("Last negotiation failures: none"), text.toString());
        JsonObject report = Admin.json(a, "diag");
        JsonArray checks = report.getAsJsonArray("checks");
        assertTrue(checks.size() >= 5, checks.toString());
        for (JsonElement c : checks) assertEquals("PASS", Admin.str(c.getAsJsonObject(), "status"), c.toString());
        for (String name : new String[] {"policy", "IKE sockets", "TUN device", "routes", "routing rule", "nftables",
                "raw sockets and pumps", "SAs of rule peer", "negotiations"})
            assertTrue(checks.toString().contains("\"" + name + "\""), name + " is checked: " + checks);
    }

    /** docs/operations.md, "The Oakley log": acquire and filter, offer, one line per message, decisions. */
    private static void successIsLogged(String log, String responder) {
        assertTrue(log.contains("ACQUIRE acquire: packet") && log.contains("matched rule 'peer'"), log);
        assertTrue(log.contains("offering esp:aes128gcm16") && log.contains("PFS modp2048"), log);
        assertTrue(log.contains("send HDR, SA"), log);
        assertTrue(log.contains("recv HDR*, IDir, HASH_R -> peer authenticated (psk, id 198.18.0.2)"), log);
        assertTrue(responder.contains("recv HDR*, IDii, HASH_I -> peer authenticated (psk, id 198.18.0.1)"), responder);
        assertTrue(log.contains("Phase 1 SA established: aes128-sha256-modp2048"), log);
        assertTrue(log.contains("Phase 2 SA pair") && log.contains("for rule 'peer': esp:aes128gcm16") && log.contains("-> installed"), log);
        assertFalse(log.contains(IkdNode.PSK), "no key in the Oakley log");
    }
}
