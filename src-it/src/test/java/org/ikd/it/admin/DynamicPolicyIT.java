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
 * {@code ikdctl policy add/delete} on two real daemons whose files protect nothing (issue 6,
 * dynamic policy): after the add, ping is carried by an SA of the dynamic rule and {@code show}
 * marks it dynamic; after the delete, its SAs are gone on both sides and ping flows in the clear;
 * after a restart, the rule is forgotten.
 */
class DynamicPolicyIT {
    private static final String A = TwoHosts.A;
    private static final String B = TwoHosts.B;

    @TempDir
    Path dir;

    @BeforeEach
    void needsRoot() {
        assumeTrue(Admin.isRoot(), "needs root (namespaces, TUN, raw sockets)");
    }

    private static String[] add(String peer, Path psk) {
        return new String[] {"policy", "add", "lab", "--source", "me", "--destination", peer, "--method", "esp:aes128gcm16",
                "--pfs", "modp2048", "--psk-file", psk.toString()};
    }

    @Test
    void addedRuleProtectsTrafficDeletedRuleStopsAndRestartForgetsIt() throws Exception {
        Path keyA = Admin.keyFile(dir.resolve("a"), "lab.psk", "dynamic-lab-key-0123456789");
        Path keyB = Admin.keyFile(dir.resolve("b"), "lab.psk", "dynamic-lab-key-0123456789");
        try (TwoHosts lab = TwoHosts.create("ikd-ad-dy");
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), Admin.policy(B, A, null, null, null, "198.18.0.9"))) {
            IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), Admin.policy(A, B, null, null, null, "198.18.0.9"));
            try {
                assertTrue(Admin.ping(lab.a, A, B, 1), "the files protect nothing: ping in the clear");

                Admin.Run refused = Admin.ikdctl(a, "policy", "add", "bad", "--source", "me", "--destination", B,
                        "--method", "esp:aes127gcm16", "--psk-file", keyA.toString());
                assertEquals(1, refused.code(), refused.toString());
                assertTrue(refused.err().contains("--method: ") && refused.err().contains("aes127gcm16"), refused.toString());

                String added = Admin.ok(a, add(B, keyA)).out();
                assertTrue(added.contains("dynamic rule 'lab' added"), added);
                Admin.ok(b, add(A, keyB));
                JsonObject rule = Admin.json(a, "show", "policy").getAsJsonArray("rules").get(0).getAsJsonObject();
                assertEquals("lab", Admin.str(rule, "name"));
                assertTrue(rule.get("dynamic").getAsBoolean(), rule.toString());
                assertTrue(Admin.ok(a, "show", "policy").out().matches("(?s).*lab\\s+dynamic.*"), Admin.ok(a, "show", "policy").out());
                for (JsonElement f : Admin.json(a, "show", "filters").getAsJsonArray("filters")) {
                    JsonObject e = f.getAsJsonObject();
                    assertEquals(Admin.str(e, "rule").equals("lab"), e.get("dynamic").getAsBoolean(), e.toString());
                }
                assertTrue(Admin.ok(a, "diag").out().contains("1 of the rules dynamic"), Admin.ok(a, "diag").out());

                assertTrue(Admin.ping(lab.a, A, B, 3), "ping through the dynamic rule's SA:\n" + a.oakleyLog());
                JsonArray sas = Admin.json(a, "show", "qm").getAsJsonArray("sas");
                assertEquals(1, sas.size(), sas.toString());
                JsonObject sa = sas.get(0).getAsJsonObject();
                assertEquals("lab", Admin.str(sa, "rule"));
                assertTrue(sa.get("bytesOut").getAsLong() > 0 && sa.get("bytesIn").getAsLong() > 0, "protected: " + sa);
                assertTrue(a.oakleyLog().contains("matched rule 'lab'"), a.oakleyLog());

                String deleted = Admin.ok(a, "policy", "delete", "lab").out();
                assertTrue(deleted.contains("1 SA pair(s) deleted"), deleted);
                assertTrue(Admin.await(10, () -> Admin.json(b, "show", "qm").getAsJsonArray("sas").isEmpty()),
                        "B received the Delete:\n" + b.oakleyLog());
                Admin.ok(b, "policy", "delete", "lab");
                assertEquals(1, Admin.ikdctl(a, "policy", "delete", "lab").code(), "a second delete: no such rule");
                assertTrue(Admin.ping(lab.a, A, B, 2), "ping in the clear again");
                assertTrue(Admin.json(a, "show", "qm").getAsJsonArray("sas").isEmpty(), "no new SA after the delete");
                assertEquals(1, Admin.json(a, "show", "policy").getAsJsonArray("rules").size());

                Admin.ok(a, add(B, keyA));
                a.stop();
                a = IkdNode.start(lab.a, dir.resolve("a"), Admin.policy(A, B, null, null, null, "198.18.0.9"));
                JsonArray rules = Admin.json(a, "show", "policy").getAsJsonArray("rules");
                assertEquals(1, rules.size(), "the restart forgot the dynamic rule: " + rules);
                assertFalse(Admin.ok(a, "show", "policy").out().contains("dynamic"));
            } finally {
                a.close();
            }
        }
    }
}
