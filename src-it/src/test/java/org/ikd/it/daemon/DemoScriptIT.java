package org.ikd.it.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.ikd.it.lab.Charon;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code scripts/demo}, the README's first command, runs to the end and says what it showed. */
class DemoScriptIT {
    @BeforeEach
    void needsRoot() throws Exception {
        assumeTrue(Traffic.isRoot(), "needs root (namespaces, TUN, raw sockets)");
        assumeTrue(Traffic.available("ping") && Traffic.available("nft"), "needs ping and nft (.ci/run installs them)");
    }

    @Test
    void demoPingsAcrossAndShowsTheSasAndTheOakleyLog() {
        String out = demo();
        assertTrue(out.contains(">> the FIRST ping was answered"), out);
        assertTrue(out.contains("Quick Mode SAs: 1"), out);
        assertTrue(out.contains("esp:aes128gcm16"), out);
        assertTrue(out.contains("Phase 1 SA established: aes128-sha256-modp2048"), out);
        assertTrue(out.contains("== demo OK"), out);
    }

    @Test
    void demoAgainstStrongSwanPingsThroughTheUdpTunnel() {
        assumeTrue(Charon.installed(), "strongSwan is not installed (.ci/run installs it)");
        String out = demo("--strongswan");
        assertTrue(out.contains(">> the FIRST ping was answered"), out);
        assertTrue(out.contains("tunnel/udp"), out);
        assertTrue(out.contains("== demo OK"), out);
    }

    private static String demo(String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of(IkdNode.root().resolve("scripts/demo").toString()));
        argv.addAll(List.of(args));
        Command.Result r = Command.run(argv, 240);
        String out = r.stdout() + r.stderr();
        assertEquals(0, r.exitCode(), out);
        return out;
    }
}
