package org.ikd.it.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import java.nio.file.Path;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.PolicyToml;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Master-key PFS between two daemons (issue 15): each ISAKMP SA keys one Quick Mode and is deleted,
 * so {@code ikdctl delete qm} on A has no ISAKMP SA to protect the Delete (RFC 2408 §3.15, RFC 2409
 * §5.7). As Windows does, A negotiates a short-lived Main Mode, sends the Delete under it and deletes
 * it: B removes its pair, and neither side keeps an ISAKMP SA.
 */
class MasterKeyPfsDeleteIT {
    private static final String A = TwoHosts.A;
    private static final String B = TwoHosts.B;

    @TempDir
    Path dir;

    @BeforeEach
    void needsRoot() {
        assumeTrue(Admin.isRoot(), "needs root (namespaces, TUN, raw sockets)");
    }

    private static String policy(String me, String peer) {
        return PolicyToml.named("it-mk", me).mainMode(PolicyToml.MAIN_MODE, "master-key-pfs = true")
                .filterList("peer", PolicyToml.peerOf(peer)).negotiate("esp", "esp = \"aes128gcm16\"")
                .pskRule("peer", "peer", "esp").render();
    }

    private static JsonArray sas(IkdNode ikd, String kind) {
        return Admin.json(ikd, "show", kind).getAsJsonArray("sas");
    }

    @Test
    void deleteQmOnARemovesBsPairThroughAShortLivedMainMode() throws Exception {
        try (TwoHosts lab = TwoHosts.create("ikd-ad-mk");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), policy(A, B));
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), policy(B, A))) {
            Admin.Run up = Admin.ikdctl(a, "initiate", "peer", "--wait", "--wait-seconds", "60");
            assertEquals(0, up.code(), up.toString());
            assertTrue(Admin.await(15, () -> sas(a, "mm").isEmpty() && sas(b, "mm").isEmpty()),
                    "master-key PFS: the ISAKMP SA goes after its Quick Mode\n" + a.oakleyLog() + b.oakleyLog());
            assertEquals(1, sas(b, "qm").size(), b.oakleyLog());
            long id = sas(a, "qm").get(0).getAsJsonObject().get("id").getAsLong();

            String deleted = Admin.ok(a, "delete", "qm", Long.toString(id)).out();
            System.out.println("ikdctl delete qm " + id + ": " + deleted);             // the transcript, in the IT report
            assertTrue(deleted.contains("Main Mode #") && deleted.contains("carries it"), deleted);
            assertFalse(deleted.contains("Delete payload sent"), deleted);

            assertTrue(Admin.await(15, () -> sas(b, "qm").isEmpty()), "B removes its pair on A's Delete\n" + b.oakleyLog());
            assertTrue(Admin.await(15, () -> sas(a, "mm").isEmpty() && sas(b, "mm").isEmpty()),
                    "the Main Mode of the Delete is deleted too\n" + a.oakleyLog() + b.oakleyLog());
            a.oakleyLog().lines().filter(l -> l.contains("Delete") || l.contains("Main Mode #")).forEach(System.out::println);
            assertTrue(a.oakleyLog().contains("sent through a new Main Mode #"), a.oakleyLog());
            assertTrue(b.oakleyLog().contains("the peer deleted it"), b.oakleyLog());
            assertFalse(b.oakleyLog().contains("INITIAL-CONTACT"), "B removed the pair on the Delete\n" + b.oakleyLog());
            assertEquals(0, Admin.json(a, "show", "stats").getAsJsonObject("ike").get("invalidCookiesReceived").getAsLong());
            assertEquals(0, Admin.json(b, "show", "stats").getAsJsonObject("ike").get("invalidCookiesReceived").getAsLong());

            // ikdctl down: the Main Mode its Delete starts is not taken down with the rule's SAs
            assertEquals(0, Admin.ikdctl(a, "initiate", "peer", "--wait", "--wait-seconds", "60").code());
            assertTrue(Admin.await(15, () -> sas(b, "qm").size() == 1 && sas(a, "mm").isEmpty()), b.oakleyLog());
            String down = Admin.ok(a, "down", "peer").out();
            System.out.println("ikdctl down peer: " + down);
            assertTrue(down.contains("Deletes to " + B + " go through a new Main Mode"), down);
            assertTrue(Admin.await(15, () -> sas(b, "qm").isEmpty()), "B removes its pair on A's Delete\n" + b.oakleyLog());
            assertTrue(Admin.await(15, () -> sas(a, "mm").isEmpty() && sas(b, "mm").isEmpty()), a.oakleyLog() + b.oakleyLog());
        }
    }
}
