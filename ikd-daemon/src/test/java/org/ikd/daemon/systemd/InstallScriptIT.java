package org.ikd.daemon.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/install.sh staged into a throwaway root (DESTDIR), never onto this machine's /usr or /etc. */
class InstallScriptIT {
    @TempDir
    Path stage;

    private Packaging.Result install() throws Exception {
        return Packaging.run(Map.of("DESTDIR", stage.toString()),
                List.of("sh", Path.of("..", "scripts", "install.sh").toString(), Packaging.dist().toString()));
    }

    @Test
    void stagesTheDistributionInFhsPlaces() throws Exception {
        Packaging.Result r = install();
        assertEquals(0, r.exit(), r.out());
        assertEquals(Path.of("/usr/share/ikd/bin/ikd"), Files.readSymbolicLink(stage.resolve("usr/bin/ikd")));
        assertEquals(Path.of("/usr/share/ikd/bin/ikdctl"), Files.readSymbolicLink(stage.resolve("usr/bin/ikdctl")));
        assertTrue(Files.isExecutable(stage.resolve("usr/share/ikd/bin/ikd")));
        assertTrue(Files.exists(stage.resolve("usr/share/ikd/lib/ikd-daemon-" + Packaging.version() + ".jar")));
        assertTrue(Files.exists(stage.resolve("lib/systemd/system/ikd.service")));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(stage.resolve("etc/ikd"))));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(stage.resolve("etc/ikd/policy.toml"))));
        assertTrue(Files.isDirectory(stage.resolve("var/log/ikd")));
        assertFalse(Files.exists(stage.resolve("var/lib/ikd")), "no start-up archive trained under DESTDIR");
        try (var s = Files.walk(stage)) {
            assertFalse(s.anyMatch(p -> p.toString().endsWith(".psk")), "no example key is installed");
        }
    }

    @Test
    void neverReplacesTheAdminsPolicy() throws Exception {
        assertEquals(0, install().exit());
        Files.writeString(stage.resolve("etc/ikd/policy.toml"), "# mine\n");
        Packaging.Result again = install();
        assertEquals(0, again.exit(), again.out());
        assertEquals("# mine\n", Files.readString(stage.resolve("etc/ikd/policy.toml")));
        assertTrue(again.out().contains("kept your /etc/ikd/policy.toml"), again.out());
    }

    @Test
    void installsLaunchersThatRunIkdctl() throws Exception {
        assertEquals(0, install().exit());
        Path ikdctl = stage.resolve("usr/share/ikd/bin/ikdctl");
        Packaging.Result version = Packaging.run(Map.of(), List.of(ikdctl.toString(), "--version"));
        assertEquals(new Packaging.Result(0, "ikdctl " + Packaging.version() + "\n"), version);
        Path none = stage.resolve("run/ikd.sock");
        Packaging.Result notRunning = Packaging.run(Map.of(), List.of(ikdctl.toString(), "--socket", none.toString(), "show", "mm"));
        assertEquals(new Packaging.Result(3, "ikd is not running (no socket at " + none + "); start it with: systemctl start ikd\n"),
                notRunning);
    }

    @Test
    void refusesWithoutADistribution() throws Exception {
        Packaging.Result r = Packaging.run(Map.of("DESTDIR", stage.toString()),
                List.of("sh", Path.of("..", "scripts", "install.sh").toString(), stage.resolve("nothing").toString()));
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("build it with: mvn -B -q package -DskipTests"), r.out());
    }
}
