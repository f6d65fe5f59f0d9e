package org.ikd.daemon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ikd.daemon.control.ControlServer;
import org.ikd.daemon.control.ControlSettings;
import org.ikd.daemon.control.FakeHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/ikdctl of the distribution (target/ikd-VERSION), run as a process against a fake daemon's
 * control socket: its class-data archive is written by the first successful show, then mapped,
 * made again when a jar is newer, and never written by a failed call; without a writable place
 * for it, or without it, every call still answers (docs/operations.md "ikdctl").
 */
class IkdctlLauncherIT {
    @TempDir
    Path dir;

    private Path home;
    private Path socket;
    private Path archive;
    private ControlServer server;

    @BeforeEach
    void install() throws IOException {
        Path dist;
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            dist = s.filter(p -> p.getFileName().toString().matches("ikd-[0-9].*") && Files.isDirectory(p)).findFirst().orElseThrow();
        }
        home = dir.resolve("home");
        for (String sub : List.of("bin", "lib", "conf"))
            copy(dist.resolve(sub), home.resolve(sub));
        home.resolve("bin/ikdctl").toFile().setExecutable(true);
        socket = dir.resolve("ikd.sock");
        server = new ControlServer(ControlSettings.at(socket).withGroup("no-such-group-ikd-test"), new FakeHandler(), c -> true);
        server.start();
        archive = Files.createDirectories(dir.resolve("var")).resolve("ikdctl.jsa");
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.toList()) Files.copy(p, to.resolve(p.getFileName()));
        }
    }

    private record Call(int exit, String out) {}

    private Call ikdctl(Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(home.resolve("bin/ikdctl").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> e = new HashMap<>(Map.of("IKDCTL_CDS", archive.toString()));
        e.putAll(env);
        pb.environment().putAll(e);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ikdctl ended");
        return new Call(p.exitValue(), out);
    }

    private Call showQm(Map<String, String> env) throws Exception {
        return ikdctl(env, "--socket", socket.toString(), "show", "qm", "--json");
    }

    @Test
    void writesItsArchiveOnceThenMapsIt() throws Exception {
        Call first = showQm(Map.of());
        assertEquals(0, first.exit(), first.out());
        assertTrue(Files.size(archive) > 0, "the first successful show wrote " + archive);
        FileTime written = Files.getLastModifiedTime(archive);
        Path classes = dir.resolve("classes.txt");
        Call second = showQm(Map.of("IKDCTL_JAVA_OPTS", "-Xlog:class+load:file=" + classes));
        assertEquals(first, second);
        assertTrue(Files.readString(classes).contains("org.ikd.daemon.cli.Ikdctl source: shared objects file"),
                "the second call maps the archive");
        assertEquals(written, Files.getLastModifiedTime(archive), "a fresh archive is not written again");
    }

    @Test
    void makesItAgainWhenAJarIsNewer() throws Exception {
        assertEquals(0, showQm(Map.of()).exit());
        FileTime written = Files.getLastModifiedTime(archive);
        Thread.sleep(1100);                                      // ctime has a second's resolution on some filesystems
        Path jar;
        try (Stream<Path> s = Files.list(home.resolve("lib"))) {
            jar = s.filter(p -> p.getFileName().toString().startsWith("gson-")).findFirst().orElseThrow();
        }
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis()));   // changes its ctime
        Call again = showQm(Map.of());
        assertEquals(0, again.exit(), again.out());
        assertTrue(Files.getLastModifiedTime(archive).compareTo(written) > 0, "the archive was made again");
    }

    @Test
    void aFailedCallWritesNoArchive() throws Exception {
        Call c = ikdctl(Map.of(), "--socket", dir.resolve("absent.sock").toString(), "show", "qm");
        assertEquals(3, c.exit(), c.out());
        assertFalse(Files.exists(archive));
        try (Stream<Path> s = Files.list(archive.getParent())) {
            assertEquals(List.of(), s.toList(), "no partial archive left");
        }
    }

    @Test
    void answersWithoutAnArchiveOrAPlaceForIt() throws Exception {
        Call withArchive = showQm(Map.of());
        assertEquals(0, withArchive.exit(), withArchive.out());
        assertEquals(withArchive, showQm(Map.of("IKDCTL_CDS", "")));
        assertEquals(withArchive, showQm(Map.of("IKDCTL_CDS", dir.resolve("no/such/dir/ikdctl.jsa").toString())));
    }
}
