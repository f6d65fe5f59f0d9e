package org.ikd.it.privilege;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;

/**
 * The user these tests run ikd or ikdctl as: nobody (uid and gid 65534), which exists on every
 * Debian and is in no group {@code ikd}. Its files live in a directory of its own under /tmp,
 * traversable by it (JUnit's temporary directories are 0700 root), removed by {@link #close()}.
 */
final class Unprivileged implements AutoCloseable {
    static final String UID = "65534";
    /** Exactly the capabilities of conf/ikd.service: NET_ADMIN (TUN, routes, nft), NET_RAW (ESP sockets), NET_BIND_SERVICE (UDP 500). */
    static final String CAPS = "-all,+net_admin,+net_raw,+net_bind_service";
    /** Their bits in /proc/PID/status (capability.h: NET_BIND_SERVICE 10, NET_ADMIN 12, NET_RAW 13). */
    static final String CAP_MASK = "0000000000003400";

    private final Path home;

    private Unprivileged(Path home) {
        this.home = home;
    }

    static Unprivileged create(String prefix) {
        try {
            Path home = Files.createTempDirectory(prefix, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
            return new Unprivileged(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path home() {
        return home;
    }

    /** setpriv: nobody, no supplementary groups, no new privileges, and no capability at all. */
    static List<String> asNobody() {
        return List.of("setpriv", "--reuid", UID, "--regid", UID, "--clear-groups", "--nnp");
    }

    /** setpriv: nobody with exactly the three capabilities, inheritable, ambient and bounding (what systemd does for User=ikd). */
    static List<String> asNobodyWithIkdCapabilities() {
        List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid", UID, "--regid", UID, "--clear-groups", "--nnp"));
        argv.addAll(List.of("--inh-caps", CAPS, "--ambient-caps", CAPS, "--bounding-set", CAPS));
        return argv;
    }

    /** Whether nobody can read the daemon's jars (the checkout may sit in a directory only root may enter). */
    static boolean canReadTheBuild() {
        String jar = IkdNode.classPath().split(":")[0];
        List<String> argv = new ArrayList<>(asNobody());
        argv.addAll(List.of("test", "-r", jar));
        return Command.run(argv, 10).exitCode() == 0;
    }

    /** Gives {@code dir} (recursively) to nobody. */
    static void give(Path dir) {
        Command.check("chown", "-R", UID + ":" + UID, dir.toString());
    }

    /** The Uid, Cap* lines of /proc/PID/status. */
    static String credentials(long pid) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
            return String.join("\n", lines.filter(l -> l.startsWith("Uid:") || l.startsWith("Cap")).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        Command.run(List.of("rm", "-rf", "--one-file-system", home.toString()), 30);
    }
}
