package org.ikd.daemon.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .deb that `mvn package` built, read with dpkg-deb -I / -c as an admin would. */
class DebPackageIT {
    private static Path deb;

    @BeforeAll
    static void findDeb() throws Exception {
        assumeTrue(Packaging.onPath("dpkg-deb"), "dpkg-deb is not installed");
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            deb = s.filter(p -> p.getFileName().toString().matches("ikd_.*_amd64\\.deb")).findFirst().orElseThrow();
        }
    }

    private static String dpkgDeb(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("dpkg-deb"));
        cmd.addAll(List.of(args));
        Packaging.Result r = Packaging.run(Map.of(), cmd);
        assertEquals(0, r.exit(), r.out());
        return r.out();
    }

    @Test
    void describesItselfAsIkdForAmd64NeedingJava17() throws Exception {
        String info = dpkgDeb("-I", deb.toString());
        assertTrue(info.contains(" Package: ikd\n"), info);
        assertTrue(info.contains(" Architecture: amd64\n"), info);
        assertTrue(info.contains(" Depends: openjdk-17-jre-headless (>= 17.0.9) | java17-runtime-headless, adduser\n"), info);
        assertTrue(info.matches("(?s).*postinst.*postrm.*prerm.*"), info);
    }

    @Test
    void installsIntoTheFhsPlaces() throws Exception {
        String files = dpkgDeb("-c", deb.toString());
        for (String entry : List.of(
                "-rwxr-xr-x root/root .* ./usr/share/ikd/bin/ikd\n",
                "-rwxr-xr-x root/root .* ./usr/share/ikd/bin/ikdctl\n",
                "-rw-r--r-- root/root .* ./usr/share/ikd/lib/ikd-daemon-" + Packaging.version() + ".jar\n",
                "-rw-r--r-- root/root .* ./usr/share/ikd/lib/gson-.*\\.jar\n",
                "lrw-r--r-- root/root .* ./usr/bin/ikd -> ../share/ikd/bin/ikd\n",
                "lrw-r--r-- root/root .* ./usr/bin/ikdctl -> ../share/ikd/bin/ikdctl\n",
                "-rw-r--r-- root/root .* ./usr/share/man/man8/ikd.8.gz\n",
                "-rw-r--r-- root/root .* ./usr/share/man/man8/ikdctl.8.gz\n",
                "-rw-r--r-- root/root .* ./usr/share/man/man5/ikd.policy.5.gz\n",
                "-rw-r--r-- root/root .* ./usr/share/bash-completion/completions/ikdctl\n",
                "-rw-r--r-- root/root .* ./usr/share/bash-completion/completions/ikd\n",
                "-rw-r--r-- root/root .* ./usr/share/doc/ikd/copyright\n",
                "-rw-r--r-- root/root .* ./usr/share/doc/ikd/changelog.Debian.gz\n",
                "-rw-r--r-- root/root .* ./lib/systemd/system/ikd.service\n",
                "-rw-r----- root/root .* ./etc/ikd/policy.toml\n",
                "drwxr-x--- root/root .* ./etc/ikd/\n",
                "drwxr-x--- root/root .* ./var/log/ikd/\n"))
            assertTrue(java.util.regex.Pattern.compile(entry).matcher(files).find(), "missing " + entry + " in\n" + files);
        assertFalse(files.contains(".psk"), "no example key is installed");
    }

    @Test
    void keepsTheAdminsConfigurationAsConffiles(@TempDir Path dir) throws Exception {
        dpkgDeb("-e", deb.toString(), dir.toString());
        assertEquals("/etc/ikd/policy.toml\n/etc/ikd/logback.xml\n", Files.readString(dir.resolve("conffiles")));
    }

    @Test
    void createsTheIkdUserAndRestartsOnUpgradeInSyntacticallyValidScripts(@TempDir Path dir) throws Exception {
        dpkgDeb("-e", deb.toString(), dir.toString());
        String postinst = Files.readString(dir.resolve("postinst"));
        assertTrue(postinst.contains("adduser --system --group --quiet --no-create-home"), postinst);
        assertTrue(postinst.matches("(?s).*if \\[ -n \"\\$2\" \\]; then\\s+deb-systemd-invoke try-restart ikd.service.*"),
                "an upgrade restarts a running ikd: " + postinst);
        assertTrue(postinst.matches("(?s).*if ! IKD_CDS=/var/lib/ikd/ikd.jsa /usr/bin/ikd train .*warning.*"),
                "postinst trains the start-up archive and only warns when that fails: " + postinst);
        for (String script : List.of("postinst", "prerm", "postrm")) {
            Packaging.Result r = Packaging.run(Map.of(), List.of("sh", "-n", dir.resolve(script).toString()));
            assertEquals(0, r.exit(), script + ": " + r.out());
        }
    }

    /** lintian, Debian's own package checker, finds nothing that the package's overrides do not explain. */
    @Test
    void lintianReportsNothingUnexplained() throws Exception {
        assumeTrue(Packaging.onPath("lintian"), "lintian is not installed (scripts/packages installs it)");
        Packaging.Result r = Packaging.run(Map.of(), List.of("lintian", "--pedantic", "--info", "--fail-on", "error,warning,info,pedantic", deb.toString()));
        String findings = r.out().lines().filter(l -> l.matches("^[EWIPX]: .*")).reduce("", (a, b) -> a + b + "\n");
        assertEquals("", findings, r.out());
        assertEquals(0, r.exit(), r.out());
    }
}
