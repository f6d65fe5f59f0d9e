package org.ikd.it.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real daemons with an SA between them (issue 6): every {@code ikdctl show} as text and as
 * JSON, {@code ikdctl keys --wireshark}, then {@code ikdctl reload}: a change to an unrelated rule
 * keeps the SA (same SPIs), a change to the SA's rule deletes it on both sides (Delete payload).
 */
class ReloadAndShowIT {
    private static final String A = TwoHosts.A;
    private static final String B = TwoHosts.B;

    @TempDir
    Path dir;

    @BeforeEach
    void needsRoot() {
        assumeTrue(Admin.isRoot(), "needs root (namespaces, TUN, raw sockets)");
    }

    @Test
    void showsEverythingThenReloadKeepsUnchangedSasAndDeletesChangedOnes() throws Exception {
        try (TwoHosts lab = TwoHosts.create("ikd-ad-rl");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), Admin.policy(A, B, "aes128gcm16", "60m", "it.psk", "198.18.0.9"));
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), Admin.policy(B, A, "aes128gcm16", "60m", "it.psk", "198.18.0.9"))) {
            assertTrue(Admin.ping(lab.a, A, B, 3), "ping through the SA:\n" + a.oakleyLog());
            showsEveryView(a);
            writesWiresharkKeys(a);

            JsonObject before = onlySa(a);
            Admin.writePolicy(a, Admin.policy(A, B, "aes128gcm16", "60m", "it.psk", "198.18.0.10"));
            String unrelated = Admin.ok(a, "reload").out();
            assertTrue(unrelated.contains("1 rule(s) changed or removed, 0 SA pair(s) deleted"), unrelated);
            JsonObject after = onlySa(a);
            assertEquals(Admin.str(before, "inboundSpi"), Admin.str(after, "inboundSpi"), "the SA of rule peer stays");
            assertEquals(Admin.str(before, "outboundSpi"), Admin.str(after, "outboundSpi"));
            assertEquals(1, Admin.json(b, "show", "qm").getAsJsonArray("sas").size());
            assertTrue(Admin.ok(a, "show", "filters").out().contains("198.18.0.10"), "the new filter is in force");

            Admin.writePolicy(a, Admin.policy(A, B, "aes128gcm16", "50m", "it.psk", "198.18.0.10"));
            String changed = Admin.ok(a, "reload").out();
            assertTrue(changed.contains("1 rule(s) changed or removed, 1 SA pair(s) deleted"), changed);
            assertTrue(Admin.await(10, () -> Admin.json(a, "show", "qm").getAsJsonArray("sas").isEmpty()), a.oakleyLog());
            assertTrue(Admin.await(10, () -> Admin.json(b, "show", "qm").getAsJsonArray("sas").isEmpty()),
                    "B received the Delete payload:\n" + b.oakleyLog());
            assertTrue(b.oakleyLog().contains("deleted (peer)"), b.oakleyLog());

            assertTrue(Admin.ping(lab.a, A, B, 3), "a new SA under the changed rule:\n" + a.oakleyLog());
            JsonObject renewed = onlySa(a);
            assertNotEquals(Admin.str(before, "inboundSpi"), Admin.str(renewed, "inboundSpi"));
            assertTrue(Admin.str(renewed, "transform").startsWith("esp:aes128gcm16"), renewed.toString());
        }
    }

    private static JsonObject onlySa(IkdNode ikd) {
        JsonArray sas = Admin.json(ikd, "show", "qm").getAsJsonArray("sas");
        assertEquals(1, sas.size(), sas.toString());
        return sas.get(0).getAsJsonObject();
    }

    private static void showsEveryView(IkdNode a) {
        JsonObject policy = Admin.json(a, "show", "policy");
        assertEquals("it-admin", Admin.str(policy, "name"));
        List<String> rules = new ArrayList<>();
        for (JsonElement r : policy.getAsJsonArray("rules")) {
            rules.add(Admin.str(r.getAsJsonObject(), "name"));
            assertFalse(r.getAsJsonObject().get("dynamic").getAsBoolean(), r.toString());
        }
        assertEquals(List.of("peer", "other"), rules);
        JsonObject peer = policy.getAsJsonArray("rules").get(0).getAsJsonObject();
        assertEquals("negotiate", Admin.str(peer, "action"));
        assertEquals("modp2048", Admin.str(peer, "pfsGroup"));
        assertTrue(peer.getAsJsonArray("authentication").get(0).getAsString().startsWith("psk from "), peer.toString());
        assertFalse(policy.toString().contains(IkdNode.PSK), "no key in show policy");
        String policyText = Admin.ok(a, "show", "policy").out();
        assertTrue(policyText.contains("peer") && policyText.contains("file") && policyText.contains("esp:aes128gcm16"), policyText);

        JsonArray filters = Admin.json(a, "show", "filters").getAsJsonArray("filters");
        assertEquals(4, filters.size(), "two mirrored filters, each in both directions: " + filters);
        JsonObject first = filters.get(0).getAsJsonObject();
        assertEquals("peer", Admin.str(first, "rule"));
        assertEquals("negotiate", Admin.str(first, "action"));
        assertEquals("udp", Admin.str(filters.get(2).getAsJsonObject(), "protocol"));
        assertTrue(Admin.ok(a, "show", "filters").out().contains("198.18.0.9"));

        JsonArray mm = Admin.json(a, "show", "mm").getAsJsonArray("sas");
        assertEquals(1, mm.size(), mm.toString());
        JsonObject m = mm.get(0).getAsJsonObject();
        assertEquals("peer", Admin.str(m, "rule"), "show mm names the rule: " + m);
        assertEquals(B, Admin.str(m, "peer"));
        assertEquals("established", Admin.str(m, "state"));
        assertEquals("aes128-sha256-modp2048", Admin.str(m, "proposal"));
        assertEquals("initiator", Admin.str(m, "role"));
        assertTrue(Admin.str(m, "initiatorCookie").matches("[0-9a-f]{16}"), m.toString());
        assertTrue(Admin.str(m, "responderCookie").matches("[0-9a-f]{16}") && !Admin.str(m, "responderCookie").equals("0000000000000000"));
        String mmText = Admin.ok(a, "show", "mm").out();
        assertTrue(mmText.contains("Main Mode SAs: 1") && mmText.contains(" peer ") && mmText.contains(Admin.str(m, "initiatorCookie")), mmText);

        JsonObject qm = onlySa(a);
        assertEquals("peer", Admin.str(qm, "rule"));
        assertEquals("transport", Admin.str(qm, "mode"));
        assertEquals(m.get("id").getAsLong(), qm.get("mainModeId").getAsLong());
        assertTrue(qm.get("pfs").getAsBoolean());
        assertTrue(qm.get("bytesOut").getAsLong() > 0 && qm.get("bytesIn").getAsLong() > 0, qm.toString());
        assertTrue(Admin.str(qm, "inboundSpi").matches("[0-9a-f]{8}"), qm.toString());
        String qmText = Admin.ok(a, "show", "qm").out();
        assertTrue(qmText.contains("Quick Mode SAs: 1") && qmText.contains(Admin.str(qm, "outboundSpi")), qmText);

        JsonObject stats = Admin.json(a, "show", "stats");
        assertEquals(1, stats.getAsJsonObject("ike").get("oakleyMainModes").getAsLong(), stats.toString());
        assertEquals(1, stats.getAsJsonObject("ike").get("oakleyQuickModes").getAsLong(), stats.toString());
        assertEquals(2, stats.getAsJsonObject("ipsec").get("numActiveAssociations").getAsLong(), stats.toString());
        assertTrue(stats.getAsJsonObject("ipsec").get("confidentialBytesSent").getAsLong() > 0, stats.toString());
        String statsText = Admin.ok(a, "show", "stats").out();
        assertTrue(statsText.contains("IKE Main Mode") && statsText.contains("Confidential Bytes Sent"), statsText);

        JsonObject all = Admin.json(a, "show", "all");
        assertEquals(1, all.getAsJsonObject("mainMode").getAsJsonArray("sas").size(), all.toString());
        assertEquals(1, all.getAsJsonObject("quickMode").getAsJsonArray("sas").size());
        assertEquals(2, all.getAsJsonObject("policy").getAsJsonArray("rules").size());
        String allText = Admin.ok(a, "show", "all").out();
        assertTrue(allText.contains("Main Mode SAs: 1") && allText.contains("Quick Mode SAs: 1") && allText.contains("Confidential"), allText);
    }

    /** Wireshark's ikev1_decryption_table: {@code COOKIE_I,KEY} (AES-128: 16-byte key); esp_sa: both SPIs. */
    private static void writesWiresharkKeys(IkdNode a) throws Exception {
        JsonObject m = Admin.json(a, "show", "mm").getAsJsonArray("sas").get(0).getAsJsonObject();
        JsonObject qm = onlySa(a);
        Path keys = a.socket().resolveSibling("wireshark");
        Admin.Run r = Admin.ok(a, "keys", "--wireshark", keys.toString());
        assertTrue(r.err().contains("WARNING"), r.toString());
        String ikev1 = Files.readString(keys.resolve("ikev1_decryption_table"));
        assertTrue(ikev1.matches(Admin.str(m, "initiatorCookie") + ",[0-9a-f]{32}\n"), ikev1);
        String esp = Files.readString(keys.resolve("esp_sa"));
        assertTrue(esp.contains("\"0x" + Admin.str(qm, "inboundSpi") + "\"") && esp.contains("\"0x" + Admin.str(qm, "outboundSpi") + "\""), esp);
        assertTrue(esp.contains("AES-GCM with 16 octet ICV [RFC4106]"), esp);
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(keys.resolve("ikev1_decryption_table")));
        assertFalse(a.oakleyLog().contains(ikev1.substring(17, 49)), "the key is in no log");
    }
}
