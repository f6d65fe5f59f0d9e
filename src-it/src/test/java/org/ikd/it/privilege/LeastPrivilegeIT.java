package org.ikd.it.privilege;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ikd without root: host A's daemon runs as nobody with exactly CAP_NET_ADMIN, CAP_NET_RAW and
 * CAP_NET_BIND_SERVICE (setpriv: inheritable, ambient and bounding set, no new privileges), like
 * conf/ikd.service's User=ikd; host B's runs as root. They negotiate and carry pings.
 *
 * <p>What it needs beyond the capabilities: read/write access to /dev/net/tun. CAP_NET_ADMIN
 * allows TUNSETIFF but does not override the device node's mode, and where no udev ran
 * (containers, this CI) the node is 0600 root. udev's default rule makes it 0666; here a private
 * mount namespace binds a node of the same device (10,200) owned by nobody over /dev/net/tun,
 * visible to that one daemon only. The first test shows the refusal without it.
 */
class LeastPrivilegeIT {
    @BeforeEach
    void needsRootAndTools() {
        assumeTrue(Pings.isRoot(), "needs root (namespaces, TUN, raw sockets)");
        assumeTrue(Pings.available("ping", "setpriv", "unshare", "mknod"), "needs ping, setpriv, unshare, mknod (util-linux, coreutils)");
        assumeTrue(Unprivileged.canReadTheBuild(), "nobody cannot read the build (checkout under a private directory)");
    }

    @Test
    void withoutAccessToDevNetTunTheUnprivilegedDaemonRefusesToStartAndNamesTheDevice() throws Exception {
        assumeTrue(!Files.isReadable(Path.of("/dev/net/tun")) || !Files.getPosixFilePermissions(Path.of("/dev/net/tun")).contains(
                java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE), "/dev/net/tun is open to everyone here (udev's 0666)");
        try (TwoHosts lab = TwoHosts.create("ikd-hd-pn"); Unprivileged user = Unprivileged.create("ikd-hd-pn")) {
            Path a = user.home().resolve("a");
            writePolicy(a);
            List<String> argv = new ArrayList<>(lab.a.execPrefix());
            argv.addAll(Unprivileged.asNobodyWithIkdCapabilities());
            argv.addAll(daemonArgv(a));
            Command.Result r = Command.run(argv, 60);
            String out = r.stdout() + r.stderr();
            assertEquals(1, r.exitCode(), out);
            assertTrue(out.contains("ikd: cannot start: open /dev/net/tun: Permission denied"), out);
        }
    }

    @Test
    void asNobodyWithOnlyTheThreeCapabilitiesItNegotiatesWithARootPeerAndCarriesPings() throws Exception {
        try (TwoHosts lab = TwoHosts.create("ikd-hd-pv"); Unprivileged user = Unprivileged.create("ikd-hd-pv")) {
            Path tunDir = user.home().resolve("dev");
            Files.createDirectories(tunDir);
            IkdNode.Launch launch = IkdNode.Launch.plain()
                    .withOuter(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                            "mount -t tmpfs -o size=16k,mode=0755 tmpfs \"$0\" && mknod -m 0600 \"$0/tun\" c 10 200"
                                    + " && chown " + Unprivileged.UID + ":" + Unprivileged.UID + " \"$0/tun\""
                                    + " && mount --bind \"$0/tun\" /dev/net/tun && exec \"$@\"", tunDir.toString()))
                    .withInner(Unprivileged.asNobodyWithIkdCapabilities());
            Path a = user.home().resolve("a");
            writePolicy(a);          // owned by nobody; IkdNode rewrites the same contents, the owner stays
            try (IkdNode unprivileged = IkdNode.start(lab.a, a, policy(), launch);
                 IkdNode root = IkdNode.start(lab.b, user.home().resolve("b"),
                         HostilePolicies.transport(TwoHosts.B, TwoHosts.A, "aes128gcm16"))) {
                String creds = Unprivileged.credentials(unprivileged.pid());
                assertTrue(creds.matches("(?s)Uid:\\s+65534\\s+65534\\s+65534\\s+65534.*"), creds);
                for (String set : List.of("CapPrm", "CapEff", "CapBnd", "CapAmb"))
                    assertTrue(creds.contains(set + ":\t" + Unprivileged.CAP_MASK), set + " must be exactly the three:\n" + creds);
                double seconds = Pings.establish(lab.a, TwoHosts.A, TwoHosts.B);
                Pings.Reply r = Pings.ping(lab.b, 5, "0.2", TwoHosts.B, TwoHosts.A);
                assertTrue(r.all(), r.text());
                String qm = root.ikdctl("show", "qm");
                assertTrue(qm.contains("Quick Mode SAs: 1") && qm.contains("esp:aes128gcm16"), qm);
                assertTrue(unprivileged.ikdctl("show", "qm").contains("Quick Mode SAs: 1"), unprivileged.ikdctl("show", "qm"));
                assertEquals(0, unprivileged.stop(), unprivileged.output());
                System.out.printf("least privilege: ikd as uid 65534 with %s (CapEff %s): first ping after %.1f s, then %d/%d%n",
                        Unprivileged.CAPS, Unprivileged.CAP_MASK, seconds, r.received(), r.sent());
            }
        }
    }

    private static String policy() {
        return HostilePolicies.transport(TwoHosts.A, TwoHosts.B, "aes128gcm16");
    }

    /** The policy and PSK (0600), owned by nobody, as IkdNode would write them. */
    private static void writePolicy(Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("policy.toml"), policy());
        Path psk = dir.resolve("it.psk");
        Files.writeString(psk, IkdNode.PSK + "\n");
        Files.setPosixFilePermissions(psk, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Unprivileged.give(dir);
    }

    private static List<String> daemonArgv(Path dir) {
        return List.of("java", "-Dlogback.configurationFile=" + IkdNode.root().resolve("conf/logback.xml"),
                "-Dikd.log.dir=" + dir, "-cp", IkdNode.classPath(), "org.ikd.daemon.Ikd", "run",
                "--config", dir.resolve("policy.toml").toString(), "--control-socket", dir.resolve("ikd.sock").toString(),
                "--log-dir", dir.toString());
    }
}
