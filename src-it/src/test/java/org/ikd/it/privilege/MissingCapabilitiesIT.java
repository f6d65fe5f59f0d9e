package org.ikd.it.privilege;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ikd.it.hostile.HostilePolicies;
import org.ikd.it.hostile.Pings;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Netns;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ikd run} without the capabilities conf/ikd.service grants: one line that names each one
 * missing and what it is for, exit status 1, no stack trace, and nothing left on the host (no
 * ikd0, no table 220 route, no nftables table). Run as nobody in a namespace of the test's own.
 */
class MissingCapabilitiesIT {
    @BeforeEach
    void needsRootAndTools() {
        assumeTrue(Pings.isRoot(), "needs root (namespaces)");
        assumeTrue(Pings.available("setpriv", "nft"), "needs setpriv (util-linux) and nft");
        assumeTrue(Unprivileged.canReadTheBuild(), "nobody cannot read the build (checkout under a private directory)");
    }

    @Test
    void withoutAnyCapabilityItSaysSoInOneLine() throws Exception {
        String out = runAsNobody("ikr-cap0", List.of("--inh-caps", "-all"));
        assertEquals(List.of("ikd: cannot start: missing CAP_NET_ADMIN (TUN device, routes, nftables), CAP_NET_RAW (ESP and AH"
                + " sockets), CAP_NET_BIND_SERVICE (UDP port 500); run ikd as root, or with these capabilities as conf/ikd.service"
                + " grants them (AmbientCapabilities=)"), out.lines().toList());
    }

    @Test
    void withOnlyTwoOfTheThreeItNamesTheThird() throws Exception {
        String caps = "-all,+net_admin,+net_bind_service";
        String out = runAsNobody("ikr-cap2", List.of("--inh-caps", caps, "--ambient-caps", caps, "--bounding-set", caps));
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.startsWith("ikd: cannot start: missing CAP_NET_RAW (ESP and AH sockets); "), out);
    }

    /** ikd run as nobody with {@code caps} (setpriv options) in a fresh namespace; its output (exit status 1 checked). */
    private static String runAsNobody(String prefix, List<String> caps) throws Exception {
        try (TwoHosts lab = TwoHosts.create(prefix); Unprivileged user = Unprivileged.create(prefix)) {
            Path dir = user.home().resolve("a");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("policy.toml"), HostilePolicies.transport(TwoHosts.A, TwoHosts.B, "aes128gcm16"));
            Path psk = dir.resolve("it.psk");
            Files.writeString(psk, IkdNode.PSK + "\n");
            Files.setPosixFilePermissions(psk, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            Unprivileged.give(dir);
            List<String> argv = new ArrayList<>(lab.a.execPrefix());
            argv.addAll(List.of("setpriv", "--reuid", Unprivileged.UID, "--regid", Unprivileged.UID, "--clear-groups", "--nnp"));
            argv.addAll(caps);
            argv.addAll(List.of("java", "-Dlogback.configurationFile=" + IkdNode.root().resolve("conf/logback.xml"),
                    "-Dikd.log.dir=" + dir, "-cp", IkdNode.classPath(), "org.ikd.daemon.Ikd", "run",
                    "--config", dir.resolve("policy.toml").toString(), "--control-socket", dir.resolve("ikd.sock").toString(),
                    "--log-dir", dir.toString()));
            Command.Result r = Command.run(argv, 60);
            String out = r.stdout() + r.stderr();
            assertEquals(1, r.exitCode(), out);
            assertFalse(out.contains("Exception") || out.contains("\tat "), "no stack trace:\n" + out);
            assertNothingLeft(lab.a);
            return out;
        }
    }

    private static void assertNothingLeft(Netns ns) {
        assertFalse(ns.ip("link").contains("ikd0"), ns.ip("link"));
        assertEquals("", ns.exec(30, "ip", "route", "show", "table", "220").stdout().trim(), "no route in table 220");
        assertFalse(ns.exec(30, "nft", "list", "tables").stdout().contains("ikd"), "no nftables table");
    }
}
