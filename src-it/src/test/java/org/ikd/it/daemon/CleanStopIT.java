package org.ikd.it.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Netns;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM is a graceful stop: exit status 0, a Delete to the peer for the SA (the peer's
 * {@code show qm} empties), and nothing left in the namespace: no TUN device, no route in table
 * 220, no rule at priority 220, no nftables table {@code inet ikd}, no control socket. After a crash
 * ({@code kill -9}) a restart removes what was left and works.
 */
class CleanStopIT {
    @TempDir
    Path dir;

    @BeforeEach
    void needsRoot() throws Exception {
        assumeTrue(Traffic.isRoot(), "needs root (namespaces, TUN, raw sockets)");
        assumeTrue(Traffic.available("nft") && Traffic.available("ping"), "needs nft and ping (.ci/run installs them)");
    }

    @Test
    void sigtermSendsDeletesAndLeavesNothingBehind() throws Exception {
        try (TwoHosts lab = TwoHosts.create("ikd-it-dc");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), LabPolicies.transport(TwoHosts.A, TwoHosts.B, "aes128gcm16"));
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), LabPolicies.transport(TwoHosts.B, TwoHosts.A, "aes128gcm16"))) {
            Traffic.assertPingsAnswered(lab.a, "-I", TwoHosts.A, TwoHosts.B);
            assertTrue(lab.a.ip("link", "show").contains("ikd0"), "ikd0 should exist while ikd runs");
            assertTrue(nftTables(lab.a).contains("inet ikd"), "the nft table should exist while ikd runs");

            assertEquals(0, a.stop(), a.output());

            assertFalse(lab.a.ip("link", "show").contains("ikd0"), lab.a.ip("link", "show"));
            assertEquals("", lab.a.ip("route", "show", "table", "220").strip());
            assertFalse(lab.a.ip("rule", "show").contains("220:"), lab.a.ip("rule", "show"));
            assertFalse(lab.a.ip("-6", "rule", "show").contains("220:"), lab.a.ip("-6", "rule", "show"));
            assertFalse(nftTables(lab.a).contains("inet ikd"), nftTables(lab.a));
            assertFalse(Files.exists(a.socket()), "the control socket should be removed");
            assertPeerForgotTheSa(b);
        }
    }

    @Test
    void aRestartAfterACrashRemovesTheLeftoversAndWorks() throws Exception {
        try (TwoHosts lab = TwoHosts.create("ikd-it-dk")) {
            String policy = LabPolicies.transport(TwoHosts.A, TwoHosts.B, "aes128gcm16");
            IkdNode crashed = IkdNode.start(lab.a, dir.resolve("a1"), policy);
            crashed.kill();
            // kill -9 leaves the policy-routing rule and the nft table behind (docs/tun.md); the TUN goes with the fds
            assertTrue(lab.a.ip("rule", "show").contains("220:"), lab.a.ip("rule", "show"));
            assertTrue(nftTables(lab.a).contains("inet ikd"), nftTables(lab.a));
            try (IkdNode a = IkdNode.start(lab.a, dir.resolve("a2"), policy);
                 IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), LabPolicies.transport(TwoHosts.B, TwoHosts.A, "aes128gcm16"))) {
                Traffic.assertPingsAnswered(lab.a, "-I", TwoHosts.A, TwoHosts.B);
                assertEquals(1, count(lab.a.ip("rule", "show"), "220:"), "one rule, not the crashed run's too");
                assertTrue(b.ikdctl("show", "qm").contains("Quick Mode SAs: 1"), "the restarted ikd keyed a new SA with B");
                assertEquals(0, a.stop(), a.output());
            }
            assertFalse(lab.a.ip("rule", "show").contains("220:"), lab.a.ip("rule", "show"));
            assertFalse(nftTables(lab.a).contains("inet ikd"), nftTables(lab.a));
        }
    }

    /**
     * Issue "Hardening", daemon crashes: A dies with kill -9 while B holds SAs with it, and comes
     * back at once (well before any DPD). A's new Main Mode carries INITIAL-CONTACT, so B drops
     * its stale ISAKMP and IPsec SAs (RFC 2407 §4.6.3.3) and the ping is answered through the new pair.
     */
    @Test
    void aPeerThatCrashedAndCameBackReplacesItsStaleSasThroughInitialContact() throws Exception {
        try (TwoHosts lab = TwoHosts.create("ikd-it-di")) {
            String policy = LabPolicies.transport(TwoHosts.A, TwoHosts.B, "aes128gcm16");
            try (IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), LabPolicies.transport(TwoHosts.B, TwoHosts.A, "aes128gcm16"))) {
                IkdNode crashed = IkdNode.start(lab.a, dir.resolve("a1"), policy);
                Traffic.assertPingsAnswered(lab.a, "-I", TwoHosts.A, TwoHosts.B);
                String before = b.ikdctl("show", "qm");
                assertTrue(before.contains("Quick Mode SAs: 1"), before);
                crashed.kill();
                try (IkdNode a = IkdNode.start(lab.a, dir.resolve("a2"), policy)) {
                    Traffic.assertPingsAnswered(lab.a, "-I", TwoHosts.A, TwoHosts.B);
                    String after = b.ikdctl("show", "qm");
                    assertTrue(after.contains("Quick Mode SAs: 1"), "B kept a stale pair:\n" + after + "\n" + b.oakleyLog());
                    assertTrue(b.oakleyLog().contains("INITIAL-CONTACT"), b.oakleyLog());
                    String spiBefore = before.lines().filter(l -> l.contains("transport")).findFirst().orElseThrow();
                    assertFalse(after.contains(spiBefore.trim().split("\\s+")[8]), "the old inbound SPI is gone:\n" + after);
                }
            }
        }
    }

    private static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    /** The Delete payload reached the peer: its Quick Mode SA is gone (within ~10 s). */
    private static void assertPeerForgotTheSa(IkdNode peer) {
        String qm = "";
        for (int i = 0; i < 10; i++) {
            qm = peer.ikdctl("show", "qm");
            if (qm.contains("Quick Mode SAs: none")) {
                assertTrue(peer.oakleyLog().contains("deleted (peer)"), peer.oakleyLog());
                return;
            }
            IkdNode.sleep(500);
        }
        throw new AssertionError("the peer still has its SA after our stop:\n" + qm + "\n" + peer.oakleyLog());
    }

    private static String nftTables(Netns ns) {
        Command.Result r = ns.exec(30, "nft", "list", "tables");
        return r.stdout();
    }
}
