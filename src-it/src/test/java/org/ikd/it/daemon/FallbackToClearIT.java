package org.ikd.it.daemon;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Fallback to clear" (Windows: allow unsecured communication with non IPsec-aware computers):
 * host B runs no IPsec at all; ikd on A negotiates, gets no answer, and after the fallback time
 * lets the traffic pass in the clear, the packets that waited included, counted as a soft
 * association. Without the option the same traffic is never sent (see the other tests: the
 * queue only releases it onto an SA).
 */
class FallbackToClearIT {
    @TempDir
    Path dir;

    @BeforeEach
    void needsRoot() throws Exception {
        assumeTrue(Traffic.isRoot(), "needs root (namespaces, TUN, raw sockets)");
        assumeTrue(Traffic.available("ping") && Traffic.available("nft"), "needs ping and nft (.ci/run installs them)");
    }

    private static String policy() {
        return LabPolicies.transport(TwoHosts.A, TwoHosts.B, "aes128gcm16").replace("pfs = \"modp2048\"",
                "pfs = \"modp2048\"\nfallback-to-clear = true");
    }

    @Test
    void aPeerWithoutIpsecIsReachedInTheClearAfterTheNegotiationTimesOut() throws Exception {
        try (TwoHosts lab = TwoHosts.create("ikd-it-df");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), policy())) {
            Command.Result r = lab.a.exec(60, "ping", "-c", "10", "-W", "10", "-I", TwoHosts.A, TwoHosts.B);
            String out = r.stdout() + r.stderr();
            Matcher m = Pattern.compile("(\\d+) received").matcher(out);
            assertTrue(m.find(), out);
            assertTrue(Integer.parseInt(m.group(1)) >= 9, "pings should pass in the clear after the fallback:\n" + out
                    + "\n" + a.oakleyLog());
            String stats = a.ikdctl("show", "stats");
            assertTrue(stats.matches("(?s).*Soft Associations\\s+1\\b.*"), stats);
            assertTrue(a.oakleyLog().contains("fallback to clear for rule 'peer'"), a.oakleyLog());
            assertTrue(a.ikdctl("show", "qm").contains("Quick Mode SAs: none"), "no SA can exist with B");
        }
    }
}
