package org.ikd.it.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ikd.it.hostile.HostilePolicies;
import org.ikd.it.hostile.Pings;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk under the Oakley log: daemon A's --log-dir is a 64 KiB tmpfs, mounted in a private
 * mount namespace (seen by that daemon only) and filled before ikd starts. A still negotiates,
 * carries pings and answers ikdctl; what is lost is the Oakley log (the OAKLEY AsyncAppender
 * drops lines instead of blocking, conf/logback.xml). The file system is read back through
 * /proc/PID/root, the daemon's own view.
 */
class FullLogDiskIT {
    @TempDir
    Path dir;

    @BeforeEach
    void needsRoot() {
        assumeTrue(Pings.isRoot(), "needs root (namespaces, mounts, TUN)");
        assumeTrue(Pings.available("ping", "unshare", "dd"), "needs ping, unshare (util-linux), dd");
    }

    @Test
    void aFullOakleyLogDiskDoesNotStopNegotiationNorTheDataPlane() throws Exception {
        Path logDir = dir.resolve("full-log");
        Files.createDirectories(logDir);
        IkdNode.Launch launch = IkdNode.Launch.plain().withLogDir(logDir)
                .withOuter(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                        "mount -t tmpfs -o size=64k tmpfs \"$0\" && { dd if=/dev/zero of=\"$0/fill\" bs=4k 2>/dev/null; exec \"$@\"; }",
                        logDir.toString()));
        try (TwoHosts lab = TwoHosts.create("ikd-hd-fd");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), HostilePolicies.transport(TwoHosts.A, TwoHosts.B, "aes128gcm16"), launch);
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), HostilePolicies.transport(TwoHosts.B, TwoHosts.A, "aes128gcm16"))) {
            Path seen = Path.of("/proc", Long.toString(a.pid()), "root").resolve(logDir.toString().substring(1));
            long filled = Files.size(seen.resolve("fill"));
            assertTrue(filled >= 56 * 1024, "the tmpfs should be full: " + filled + " bytes");
            double seconds = Pings.establish(lab.a, TwoHosts.A, TwoHosts.B);
            Pings.Reply r = Pings.ping(lab.a, 50, "0.02", TwoHosts.A, TwoHosts.B);
            assertTrue(r.all(), r.text());
            String qm = a.ikdctl("show", "qm");
            assertTrue(qm.contains("Quick Mode SAs: 1"), qm);
            Path log = seen.resolve("oakley.log");
            long logged = Files.exists(log) ? Files.size(log) : -1;
            long bLines = b.oakleyLog().lines().count();
            assertTrue(logged < 8 * 1024, "A's Oakley log cannot have been written: " + logged + " bytes");
            assertTrue(a.isAlive(), a.output());
            System.out.printf("full log disk: A's log tmpfs full (%d bytes of filler), oakley.log %d bytes (B logged %d lines);"
                    + " SA after %.1f s, %d/%d pings, ikdctl answers%n", filled, logged, bLines, seconds, r.received(), r.sent());
        }
    }
}
