package org.ikd.it.certid;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ikd.it.lab.Charon;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.TwoHosts;
import org.ikd.it.nat.NatTraffic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * local-id and peer-id with certificates (RFC 4945 §3.1), ikd's policy file end to end:
 * <ol>
 * <li>ikd ↔ ikd with FQDN IDs from the certificates' subjectAltNames; first with a peer-id the
 *     peer does not send (Main Mode fails and names both IDs), then, after a reload, the right one;
 * <li>ikd ↔ strongSwan (charon {@code id = b.lab}, requiring {@code a.lab} of ikd).
 * </ol>
 */
class CertificateIdentityIT {
    @TempDir
    Path dir;

    @BeforeEach
    void needsRootAndTools() throws Exception {
        assumeTrue(NatTraffic.isRoot(), "needs root (namespaces, TUN, raw sockets)");
        assumeTrue(Command.available("ping"), "needs ping");
    }

    @Test
    void ikdToIkdWithFqdnIdsRefusesAnotherPeerIdAndNegotiatesWithTheRightOne() throws Exception {
        long t0 = System.nanoTime();
        CertIdLab pki = new CertIdLab();
        pki.writeIkdFiles(dir.resolve("a"), true);
        pki.writeIkdFiles(dir.resolve("b"), false);
        try (TwoHosts lab = TwoHosts.create("ikd-di-i");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), CertIdLab.policy(true, "fqdn:a.lab", "fqdn:c.lab"));
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), CertIdLab.policy(false, "fqdn:b.lab", "fqdn:a.lab"))) {
            assertFalse(NatTraffic.answers(lab.a, TwoHosts.INNER_A, TwoHosts.INNER_B, 4));
            String failure = "its ID fqdn b.lab is not the peer-id fqdn c.lab of the rule";
            assertTrue(await(a, failure), "A names both IDs:\n" + a.oakleyLog());

            Files.writeString(dir.resolve("a/policy.toml"), CertIdLab.policy(true, "fqdn:a.lab", "fqdn:b.lab"));
            String reload = a.ikdctl("reload");
            assertTrue(reload.contains("policy reloaded"), reload);
            NatTraffic.assertPings(lab.a, 2, TwoHosts.INNER_A, TwoHosts.INNER_B);
            assertTrue(a.oakleyLog().contains("peer id fqdn b.lab"), a.oakleyLog());
            assertTrue(b.oakleyLog().contains("peer id fqdn a.lab"), b.oakleyLog());
        }
        System.out.printf("certid ikd-ikd: %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @Test
    void ikdToStrongSwanWithFqdnIds() throws Exception {
        assumeTrue(Charon.installed(), "strongSwan is not installed (.ci/run installs it)");
        long t0 = System.nanoTime();
        CertIdLab pki = new CertIdLab();
        pki.writeIkdFiles(dir.resolve("a"), true);
        Path charonDir = dir.resolve("charon");
        pki.writeCharonFiles(charonDir);
        try (TwoHosts lab = TwoHosts.create("ikd-di-s");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), CertIdLab.policy(true, "fqdn:a.lab", "fqdn:b.lab"));
             Charon charon = Charon.start(lab.b, charonDir, CertIdLab.swanctlConf(charonDir, "b.lab", "a.lab"))) {
            try {
                NatTraffic.assertPings(lab.a, 2, TwoHosts.INNER_A, TwoHosts.INNER_B);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nikd:\n" + a.oakleyLog() + "\ncharon:\n" + charon.log(), e);
            }
            assertTrue(a.oakleyLog().contains("peer id fqdn b.lab"), a.oakleyLog());
            String log = charon.log();
            assertTrue(log.contains("authentication of 'a.lab' with") && log.contains("successful"), log);
        }
        System.out.printf("certid ikd-strongSwan: %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private static boolean await(IkdNode node, String text) {
        for (int i = 0; i < 100 && !node.oakleyLog().contains(text); i++) IkdNode.sleep(100);
        return node.oakleyLog().contains(text);
    }
}
