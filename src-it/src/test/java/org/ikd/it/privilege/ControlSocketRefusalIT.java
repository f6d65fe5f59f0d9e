package org.ikd.it.privilege;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.ikd.it.hostile.HostilePolicies;
import org.ikd.it.hostile.Pings;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Netns;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The control socket refuses a user who is neither root nor in group ikd (nobody), at both
 * gates: the socket file's mode (0660 root:ikd, or 0600 when the group does not exist) stops
 * the connect; and should the mode let it through (here: chmod 0666), the daemon's SO_PEERCRED
 * check refuses the request. Either way ikdctl exits 4 with a message that says what to do.
 */
class ControlSocketRefusalIT {
    private static final String REFUSAL = "permission denied: run as root or as a member of group ikd";

    @BeforeEach
    void needsRoot() {
        assumeTrue(Pings.isRoot(), "needs root (namespaces, TUN)");
        assumeTrue(Pings.available("setpriv"), "needs setpriv (util-linux)");
        assumeTrue(Unprivileged.canReadTheBuild(), "nobody cannot read the build (checkout under a private directory)");
        assumeTrue(!Command.run(java.util.List.of("id", "-nG", "nobody"), 10).stdout().matches("(?s).*\\bikd\\b.*"), "nobody is in group ikd here");
    }

    @Test
    void aUserNeitherRootNorInGroupIkdIsRefusedByTheSocketModeAndByTheDaemon() throws Exception {
        try (Netns ns = Netns.create("ikd-hd-cs"); Unprivileged user = Unprivileged.create("ikd-hd-cs")) {
            ns.ip("addr", "add", TwoHosts.A + "/32", "dev", "lo");          // the address ikd's IKE sockets bind
            try (IkdNode ikd = IkdNode.start(ns, user.home().resolve("d"), HostilePolicies.transport(TwoHosts.A, TwoHosts.B, "aes128gcm16"))) {
            Files.setPosixFilePermissions(ikd.dir(), PosixFilePermissions.fromString("rwxr-xr-x"));
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(ikd.socket()));
            assertTrue(mode.equals("rw-rw----") || mode.equals("rw-------"), "socket mode " + mode);

            Command.Result byMode = ikd.ikdctlAs(Unprivileged.asNobody(), "show", "stats");
            assertEquals(4, byMode.exitCode(), byMode.stdout() + byMode.stderr());
            assertTrue(byMode.stderr().contains(REFUSAL), byMode.stderr());

            Files.setPosixFilePermissions(ikd.socket(), PosixFilePermissions.fromString("rw-rw-rw-"));
            Command.Result byDaemon = ikd.ikdctlAs(Unprivileged.asNobody(), "show", "stats");
            assertEquals(4, byDaemon.exitCode(), byDaemon.stdout() + byDaemon.stderr());
            assertTrue(byDaemon.stderr().contains(REFUSAL) && !byDaemon.stderr().contains("cannot connect"), byDaemon.stderr());
            assertTrue(byDaemon.stdout().isBlank(), "nothing shown: " + byDaemon.stdout());

            Command.Result asRoot = ikd.ikdctlAs(java.util.List.of(), "show", "stats");
            assertEquals(0, asRoot.exitCode(), asRoot.stderr());
            System.out.printf("control socket: mode %s; nobody refused by the mode (exit %d) and by SO_PEERCRED (exit %d): \"%s\"%n",
                    mode, byMode.exitCode(), byDaemon.exitCode(), byDaemon.stderr().strip());
            }
        }
    }
}
