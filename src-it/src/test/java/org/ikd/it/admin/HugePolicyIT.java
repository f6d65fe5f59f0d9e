package org.ikd.it.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonElement;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 part 4: {@code ikdctl reload} of a policy far over ikd's limits (100,000 rules, 20 MB)
 * fails in one line naming the limit; the policy in force, its SA and the daemon's memory stay as
 * they were. Before the limits, a 30,000-rule reload ended in OutOfMemoryError with the daemon at
 * 620 MB RSS. Then a 4,999-rule file with one error at its end: the real parse runs, and fails.
 * RSS is printed for the report and bounded only for the file refused before its parse.
 */
class HugePolicyIT {
    private static final String A = TwoHosts.A;
    private static final String B = TwoHosts.B;
    /** The oversized reload reads the file and lexes nothing: its RSS growth is noise, far below a parse (~500 MB). */
    private static final long REFUSED_GROWTH_KIB = 64 * 1024;

    @TempDir
    Path dir;

    @BeforeEach
    void needsRoot() {
        assumeTrue(Admin.isRoot(), "needs root (namespaces, TUN, raw sockets)");
    }

    @Test
    void refusesAHundredThousandRulesInOneLineAndKeepsThePolicyTheSaAndTheMemory() throws Exception {
        try (TwoHosts lab = TwoHosts.create("iki-hp");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), Admin.policy(A, B, "aes128gcm16", "60m", "it.psk", "198.18.0.9"));
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), Admin.policy(B, A, "aes128gcm16", "60m", "it.psk", "198.18.0.9"))) {
            assertTrue(Admin.ping(lab.a, A, B, 3), "ping through the SA:\n" + a.oakleyLog());
            List<String> rules = ruleNames(a);
            String spi = Admin.str(Admin.json(a, "show", "qm").getAsJsonArray("sas").get(0).getAsJsonObject(), "inboundSpi");
            Path policy = a.socket().resolveSibling("policy.toml");
            String inForce = Files.readString(policy);

            long[] before = a.residentKib();
            writeRules(policy, 100_000, false);
            Admin.Run refused = Admin.ikdctl(a, "reload");
            long[] after = a.residentKib();
            System.out.printf("HugePolicyIT: reload of 100,000 rules (%d bytes): RSS %d -> %d KiB, peak %d -> %d KiB%n",
                    Files.size(policy), before[0], after[0], before[1], after[1]);

            assertNotEquals(0, refused.code(), refused.toString());
            assertEquals("", refused.out());
            assertEquals(List.of("reload refused, the policy in force stays: " + policy + ": 100000 rules; ikd loads at most 5000"
                    + " (limit of rules per policy: parsing takes ~20 KB of heap per rule, the heap is 512 MB (conf/jvm.options);"
                    + " merge rules with prefixes or split the policy)"), refused.err().lines().toList());
            assertPlain(refused.err());
            assertTrue(after[1] - before[1] < REFUSED_GROWTH_KIB, "peak RSS grew from " + before[1] + " to " + after[1] + " KiB");
            assertKept(a, lab, rules, spi);

            writeRules(policy, 4_999, true);
            jcmd(a, "GC.run");
            System.out.printf("HugePolicyIT: heap before the broken reload, after a full collection: %s%n", jcmd(a, "GC.heap_info"));
            before = a.residentKib();
            Admin.Run broken = Admin.ikdctl(a, "reload");
            after = a.residentKib();
            System.out.printf("HugePolicyIT: reload of 4,999 rules with one error (%d bytes): RSS %d -> %d KiB, peak %d -> %d KiB%n",
                    Files.size(policy), before[0], after[0], before[1], after[1]);
            jcmd(a, "GC.run");
            System.out.printf("HugePolicyIT: after it and a full collection (jcmd GC.run, for this measure only): RSS %d KiB, heap: %s%n",
                    a.residentKib()[0], jcmd(a, "GC.heap_info"));
            assertNotEquals(0, broken.code(), broken.toString());
            assertTrue(broken.err().contains("unknown key 'filter-lsit', did you mean 'filter-list'?"), broken.err());
            assertPlain(broken.err());
            assertKept(a, lab, rules, spi);

            writeRules(policy, 5_000, false);
            before = a.residentKib();
            long t0 = System.nanoTime();
            String loaded = Admin.ok(a, "reload").out();
            after = a.residentKib();
            System.out.printf("HugePolicyIT: reload of 5,000 permit rules (%d bytes) in %d ms: RSS %d -> %d KiB, peak %d -> %d KiB%n",
                    Files.size(policy), (System.nanoTime() - t0) / 1_000_000, before[0], after[0], before[1], after[1]);
            assertTrue(loaded.contains("5000 rules (5000 permit)"), loaded);
            assertEquals(5_000, ruleNames(a).size());

            Files.writeString(policy, inForce);
            assertTrue(Admin.ok(a, "reload").out().contains("policy reloaded"), "the daemon goes back to its policy");
            assertEquals(rules, ruleNames(a));
            assertTrue(a.isAlive(), a.output());
            assertFalse(a.output().contains("OutOfMemoryError"), a.output());
        }
    }

    /** {@code jcmd PID command} on the daemon; the lines that give the generations' sizes, joined. */
    private static String jcmd(IkdNode ikd, String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(ikd.pid()), command).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        assertTrue(jcmd.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "jcmd " + command);
        return String.join("; ", out.lines().filter(l -> l.contains("generation")).map(String::trim).toList());
    }

    private static void assertPlain(String reply) {
        for (String leak : List.of("java.", "Exception", "Error:", "\tat ")) assertFalse(reply.contains(leak), leak + " in " + reply);
    }

    /** The file's rules are still in force, the SA still carries traffic. */
    private static void assertKept(IkdNode a, TwoHosts lab, List<String> rules, String spi) {
        assertEquals(rules, ruleNames(a), "ikdctl show policy lists the rules in force");
        assertEquals(spi, Admin.str(Admin.json(a, "show", "qm").getAsJsonArray("sas").get(0).getAsJsonObject(), "inboundSpi"));
        assertTrue(Admin.ping(lab.a, A, B, 2), "ping through the same SA:\n" + a.oakleyLog());
    }

    private static List<String> ruleNames(IkdNode ikd) {
        List<String> names = new ArrayList<>();
        for (JsonElement r : Admin.json(ikd, "show", "policy").getAsJsonArray("rules"))
            names.add(Admin.str(r.getAsJsonObject(), "name"));
        return names;
    }

    /** {@code n} permit rules, each with its own filter list to one host of 198.18.0.0/15; a typo in the last if {@code broken}. */
    private static void writeRules(Path policy, int n, boolean broken) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(policy)) {
            w.write("name = \"huge\"\nlocal-addresses = [\"" + A + "\"]\n");
            for (int i = 0; i < n; i++) {
                int h = i + 16;
                w.write("[filter-lists.l" + i + "]\nfilters = [ { source = \"me\", destination = \"198." + (18 + (h >> 16)) + "."
                        + (h >> 8 & 255) + "." + (h & 255) + "\" } ]\n");
            }
            for (int i = 0; i < n; i++) {
                String key = broken && i == n - 1 ? "filter-lsit" : "filter-list";
                w.write("[[rules]]\nname = \"r" + i + "\"\n" + key + " = \"l" + i + "\"\nfilter-action = \"permit\"\n");
            }
        }
    }
}
