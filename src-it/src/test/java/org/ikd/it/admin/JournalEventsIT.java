package org.ikd.it.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit events in a real journal: systemd-journald runs in a private mount namespace whose
 * /run and /var/log are this test's directories (the machine's own journal is never touched), ikd
 * sends to its socket through the native protocol, and journalctl, not ikd, reads them back and
 * filters by MESSAGE_ID and IKD_ fields as an admin would.
 */
class JournalEventsIT {
    private static final String A = TwoHosts.A;
    private static final String B = TwoHosts.B;
    private static final String ESTABLISHED = "b6b9d529603b4b57a3fd83ebad246413";
    private static final String FAILED = "a0561d6330f944158bdc48dad221a4bd";
    private static final String AUTHENTICATION = "e336a0ba2c4b429889ffefe69c6dffdf";

    @TempDir
    Path dir;

    @BeforeEach
    void needsJournald() {
        assumeTrue(Admin.isRoot(), "needs root (namespaces, mounts)");
        assumeTrue(Files.isExecutable(Path.of("/lib/systemd/systemd-journald")), "systemd-journald is not installed");
    }

    @Test
    void eventsReachTheJournalWithMessageIdsAndFields() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run/systemd/journal")).getParent().getParent();
        Path varLog = Files.createDirectories(dir.resolve("var-log"));
        Process journald = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh", "-c",
                "mount --bind " + run + " /run && mount --bind " + varLog + " /var/log && exec /lib/systemd/systemd-journald")
                .redirectErrorStream(true).redirectOutput(dir.resolve("journald.out").toFile()).start();
        try {
            Path socket = run.resolve("systemd/journal/socket");
            assertTrue(Admin.await(10, () -> Files.exists(socket)), "journald made its socket: " + read(dir.resolve("journald.out")));
            IkdNode.Launch toJournal = IkdNode.Launch.plain().withInner(List.of("env", "JAVA_TOOL_OPTIONS=-Dikd.journal.socket=" + socket));
            try (TwoHosts lab = TwoHosts.create("ikd-ad-jn");
                 IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), Admin.policy(A, B, "aes128gcm16", "60m", "it.psk", "198.18.0.9"), toJournal)) {
                try (IkdNode wrongKey = IkdNode.start(lab.b, dir.resolve("b1"), Admin.policy(B, A, "aes128gcm16", "60m", "it.psk", "198.18.0.9"),
                        IkdNode.Launch.plain().withPsk("not-the-key-a-has-0123456789"))) {
                    assertEquals(1, Admin.ikdctl(a, "initiate", "peer", "--wait", "--wait-seconds", "60").code(), wrongKey.oakleyLog());
                    // now A answers, and finds B's HASH_I wrong itself: 545 (msaudite.h SE_AUDITID_IPSEC_AUTH_FAIL) before the 547
                    assertEquals(1, Admin.ikdctl(wrongKey, "initiate", "peer", "--wait", "--wait-seconds", "60").code(), a.oakleyLog());
                }
                try (IkdNode b = IkdNode.start(lab.b, dir.resolve("b2"), Admin.policy(B, A, "aes128gcm16", "60m", "it.psk", "198.18.0.9"))) {
                    assertEquals(0, Admin.ikdctl(a, "initiate", "peer", "--wait", "--wait-seconds", "60").code(), a.oakleyLog() + b.oakleyLog());
                }
                assertTrue(!a.output().contains("event=541"), "under the journal, events leave stdout:\n" + a.output());

                JsonObject failed = await(run, "MESSAGE_ID=" + FAILED);
                assertEquals("547", str(failed, "IKD_EVENT"));
                assertEquals("peer", str(failed, "IKD_RULE"));
                assertEquals(B, str(failed, "IKD_PEER"));
                assertEquals("4", str(failed, "PRIORITY"));
                assertEquals("ikd", str(failed, "SYSLOG_IDENTIFIER"));
                assertTrue(str(failed, "IKD_REASON").contains("AUTHENTICATION_FAILED"), failed.toString());
                JsonObject unauthenticated = await(run, "MESSAGE_ID=" + AUTHENTICATION, "IKD_ROLE=responder");
                assertEquals("545", str(unauthenticated, "IKD_EVENT"));
                assertEquals("peer", str(unauthenticated, "IKD_RULE"));
                assertEquals(A, str(unauthenticated, "IKD_ME"));
                assertEquals(B, str(unauthenticated, "IKD_PEER"));
                assertEquals("AUTHENTICATION_FAILED", str(unauthenticated, "IKD_NOTIFY"));
                assertTrue(str(unauthenticated, "IKD_ID").matches("[1-9][0-9]*"), unauthenticated.toString());
                JsonObject quick = await(run, "MESSAGE_ID=" + ESTABLISHED, "IKD_MODE=quick");
                assertEquals("peer", str(quick, "IKD_RULE"));
                assertEquals(A, str(quick, "IKD_ME"));
                assertTrue(str(quick, "IKD_INBOUND_SPI").matches("[0-9a-f]{8}"), quick.toString());
                assertEquals("6", str(quick, "PRIORITY"));
                assertTrue(str(quick, "MESSAGE").startsWith("event=541 mode=quick"), quick.toString());
            }
        } finally {
            journald.destroy();
            if (!journald.waitFor(10, TimeUnit.SECONDS)) journald.destroyForcibly();
        }
    }

    /** The first entry journalctl finds with {@code matches} (journalctl's own field filters), waiting up to 10 s. */
    private static JsonObject await(Path run, String... matches) {
        JsonObject[] found = {null};
        Admin.await(10, () -> {
            List<String> argv = new java.util.ArrayList<>(List.of("journalctl", "--no-pager", "-o", "json", "-D",
                    run.resolve("log/journal").toString()));
            argv.addAll(List.of(matches));
            Command.Result r = Command.run(argv, 30);
            String first = r.stdout().lines().filter(l -> l.startsWith("{")).findFirst().orElse(null);
            if (first != null) found[0] = JsonParser.parseString(first).getAsJsonObject();
            return found[0] != null;
        });
        assertTrue(found[0] != null, "journalctl found no entry with " + String.join(" ", matches));
        return found[0];
    }

    private static String str(JsonObject o, String key) {
        return o.has(key) ? o.get(key).getAsString() : null;
    }

    private static String read(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
