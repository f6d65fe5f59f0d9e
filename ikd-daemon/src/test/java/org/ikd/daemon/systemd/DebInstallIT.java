package org.ikd.daemon.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb installed, upgraded, removed and purged with dpkg as an admin would, inside a mount
 * namespace whose /etc, /usr and /var are overlays on this machine's (the writes land in a temporary
 * directory and vanish with the namespace): the machine's own dpkg database and users are never
 * touched. Needs root (mounts, dpkg).
 */
class DebInstallIT {
    private static final String SCRIPT = """
            set -eu
            for d in etc usr var; do
              mkdir -p "$2/$d/upper" "$2/$d/work"
              mount -t overlay overlay -o "lowerdir=/$d,upperdir=$2/$d/upper,workdir=$2/$d/work" "/$d"
            done
            mount -t tmpfs tmpfs /run
            echo "== install"; dpkg -i "$1" 2>&1
            echo "== user"; getent passwd ikd
            echo "== man"; man -w ikd ikdctl ikd.policy
            echo "== page"; MANWIDTH=80 man ikdctl 2>/dev/null | grep -c 'ikdctl initiate' || true
            echo "== completion"
            bash -c '. /usr/share/bash-completion/completions/ikdctl
              COMP_WORDS=(ikdctl ""); COMP_CWORD=1; COMP_LINE="ikdctl "; COMP_POINT=7
              _complete_ikdctl ikdctl "" ikdctl; echo "${COMPREPLY[*]}"'
            echo "== ikdctl"; ikdctl show qm 2>&1 || echo "exit $?"
            test ! -e /var/lib/ikd/ikdctl.jsa && echo "no ikdctl.jsa after a failed call"
            echo "== upgrade"; dpkg -i "$1" 2>&1
            echo "== version"; ikd --version
            echo "== remove"; dpkg -r ikd 2>&1; test ! -e /var/lib/ikd && echo "no /var/lib/ikd"
            echo "== purge"; dpkg --purge ikd 2>&1; test ! -e /var/log/ikd && echo "no /var/log/ikd"
            """;

    @Test
    void installsUpgradesAndPurgesWithoutWarnings(@TempDir Path dir) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "installing a package needs root");
        assumeTrue(Packaging.onPath("dpkg") && Packaging.onPath("unshare"), "dpkg and unshare are needed");
        Path deb;
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            deb = s.filter(p -> p.getFileName().toString().matches("ikd_.*_amd64\\.deb")).findFirst().orElseThrow();
        }
        Path script = Files.writeString(dir.resolve("install.sh"), SCRIPT);
        Path overlays = Files.createDirectories(dir.resolve("overlays"));
        Packaging.Result r = Packaging.run(Map.of("DEBIAN_FRONTEND", "noninteractive"), List.of("unshare", "-m",
                "--propagation", "private", "bash", script.toString(), deb.toAbsolutePath().toString(), overlays.toString()));
        String out = r.out();
        assertEquals(0, r.exit(), out);
        assertFalse(out.toLowerCase(Locale.ROOT).contains("warning"), "dpkg and the maintainer scripts print no warning:\n" + out);
        assertTrue(out.contains("Setting up ikd ("), out);
        assertTrue(out.matches("(?s).*== user\\nikd:x:\\d+:\\d+:ikd IPsec daemon[^:]*:/nonexistent:/usr/sbin/nologin\\n.*"), out);
        for (String page : List.of("/usr/share/man/man8/ikd.8.gz", "/usr/share/man/man8/ikdctl.8.gz", "/usr/share/man/man5/ikd.policy.5.gz"))
            assertTrue(out.contains(page + "\n"), "man finds " + page + ":\n" + out);
        assertTrue(out.matches("(?s).*== page\\n[1-9]\\d*\\n.*"), "ikdctl(8) documents initiate:\n" + out);
        String completion = out.substring(out.indexOf("== completion\n") + 14, out.indexOf("== upgrade"));
        for (String command : List.of("show", "initiate", "delete", "reload", "policy", "diag"))
            assertTrue(completion.matches("(?s).*\\b" + command + "\\b.*"), "completion offers " + command + ": " + completion);
        // The installed launcher's class path finds ikdctl's classes; only a successful call writes its archive.
        assertTrue(out.contains("== ikdctl\nikd is not running (no socket at /run/ikd/ikd.sock); start it with: systemctl start ikd\nexit 3\n"
                + "no ikdctl.jsa after a failed call\n"), out);
        assertTrue(out.contains("Unpacking ikd (") && out.contains(") over ("), "the second install is an upgrade:\n" + out);
        assertTrue(out.contains("no /var/lib/ikd") && out.contains("no /var/log/ikd"), out);
    }
}
