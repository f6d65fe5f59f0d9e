package org.ikd.it.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ikd.core.ike.IkeConfig;
import org.ikd.it.lab.Charon;
import org.junit.jupiter.api.Test;

/**
 * Where ikd's IKE runs in these tests (docs/interop.md, "ikd inside a namespace"): its UDP sockets
 * and its Netty event-loop thread are in namespace A, while the JUnit thread stays where it was.
 */
class NamespaceInteropIT {
    @Test
    void ikdsSocketsAndEventLoopLiveInNamespaceA() throws Exception {
        assumeTrue(Charon.installed(), "strongSwan is not installed (.ci/run installs it)");
        try (InteropLab lab = InteropLab.start(InteropProposal.A_3DES_SHA1, "k", "k", IkeConfig.DEFAULT)) {
            String a = "net:[" + Files.getAttribute(Path.of("/run/netns", lab.hosts.a.name()), "unix:ino") + "]";
            assertEquals(a, lab.ikd.enteringThreadNetns(), "the thread that called IkeTransport.start");
            assertEquals(a, lab.ikd.eventLoopNetns(), "Netty's event loop, started from that thread, inherited it");
            assertNotEquals(a, IkdInNamespace.currentNetns(), "the test's own thread never moved");
            String sockets = lab.hosts.a.exec(10, "ss", "-Hunl").stdout();
            assertTrue(sockets.contains(InteropLab.IKD.getHostAddress() + ":500 "), "UDP 500 in namespace A: " + sockets);
            assertTrue(sockets.contains(InteropLab.IKD.getHostAddress() + ":4500 "), "UDP 4500 in namespace A: " + sockets);
        }
    }
}
