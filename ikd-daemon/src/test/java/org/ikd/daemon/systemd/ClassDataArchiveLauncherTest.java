package org.ikd.daemon.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/ikd and the class-data archive (docs/operations.md "Start-up"), with a fake java that prints
 * its arguments and, like the real one, writes the file named by -XX:ArchiveClassesAtExit.
 */
class ClassDataArchiveLauncherTest {
    private static final String QUIET = "-Xlog:cds=off,cds+dynamic=off";

    @TempDir
    Path dir;
    private Path home;
    private Path archive;

    @BeforeEach
    void installLauncherAndFakeJava() throws Exception {
        home = dir.resolve("ikd");
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("lib"));
        Files.copy(Path.of("src", "dist", "bin", "ikd"), home.resolve("bin/ikd"));
        Files.writeString(home.resolve("conf/jvm.options"), "-XX:+UseSerialGC\n");
        Files.writeString(home.resolve("lib/ikd-daemon.jar"), "not a jar");
        Files.setLastModifiedTime(home.resolve("lib/ikd-daemon.jar"), FileTime.from(Instant.now().minusSeconds(3600)));
        Path fakeJava = dir.resolve("jdk/bin/java");
        Files.createDirectories(fakeJava.getParent());
        Files.writeString(fakeJava, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; case \"$a\" in "
                + "-XX:ArchiveClassesAtExit=*) echo archive > \"${a#-XX:ArchiveClassesAtExit=}\";; esac; done\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(home.resolve("bin/ikd"), PosixFilePermissions.fromString("rwxr-xr-x"));
        archive = dir.resolve("state/ikd.jsa");
        Files.createDirectories(archive.getParent());
    }

    @Test
    void runStartsWithoutAnArchiveWhenThereIsNone() throws Exception {
        List<String> args = ikd(0, "run", "--config", "/etc/ikd/policy.toml");
        assertTrue(args.stream().noneMatch(a -> a.startsWith("-XX:SharedArchiveFile") || a.startsWith("-XX:ArchiveClassesAtExit")), args.toString());
    }

    @Test
    void runMapsTheArchiveQuietlyWhenItExists() throws Exception {
        Files.writeString(archive, "archive");
        List<String> args = ikd(0, "run", "--config", "/etc/ikd/policy.toml");
        assertTrue(args.contains("-XX:SharedArchiveFile=" + archive), args.toString());
        assertTrue(args.contains(QUIET), args.toString());
        assertTrue(args.indexOf("-XX:SharedArchiveFile=" + archive) < args.indexOf("-Xmx1g"), "IKD_JAVA_OPTS still wins: " + args);
        assertTrue(args.stream().noneMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit")), "run never dumps: " + args);
    }

    @Test
    void runIgnoresAnArchiveOlderThanAJar() throws Exception {
        Files.writeString(archive, "archive");
        Files.setLastModifiedTime(archive, FileTime.from(Instant.now().minusSeconds(7200)));
        List<String> args = ikd(0, "run", "--config", "/etc/ikd/policy.toml");
        assertTrue(args.stream().noneMatch(a -> a.startsWith("-XX:SharedArchiveFile")), args.toString());
    }

    @Test
    void otherCommandsNeitherMapNorDumpTheArchive() throws Exception {
        Files.writeString(archive, "archive");
        List<String> args = ikd(0, "check", "/etc/ikd/policy.toml");
        assertTrue(args.stream().noneMatch(a -> a.startsWith("-XX:SharedArchiveFile") || a.startsWith("-XX:ArchiveClassesAtExit")), args.toString());
    }

    @Test
    void trainDumpsUnderATemporaryNameAndRenamesItWhenComplete() throws Exception {
        Files.writeString(archive, "old archive");
        List<String> out = ikd(0, "train");
        String dump = out.stream().filter(a -> a.startsWith("-XX:ArchiveClassesAtExit=")).findFirst().orElseThrow();
        assertTrue(dump.startsWith("-XX:ArchiveClassesAtExit=" + archive + ".partial."), out.toString());
        assertTrue(out.stream().noneMatch(a -> a.startsWith("-XX:SharedArchiveFile")), "train never maps one: " + out);
        assertTrue(out.contains("-Dlogback.configurationFile=" + home.resolve("conf/logback.xml")), "run's logging: " + out);
        assertEquals("archive\n", Files.readString(archive), "the new archive replaced the old one");
        try (Stream<Path> left = Files.list(archive.getParent())) {
            assertEquals(List.of(archive), left.toList(), "no partial archive left");
        }
    }

    @Test
    void trainHelpOrVersionOnlyPrintsAndLeavesTheArchiveAlone() throws Exception {
        Files.writeString(archive, "old archive");
        for (String flag : List.of("--help", "-h", "--version", "-V")) {
            List<String> out = ikd(0, "train", flag);
            assertTrue(out.stream().noneMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit")), flag + " dumps nothing: " + out);
            assertTrue(out.contains(flag), "the JVM still gets " + flag + ": " + out);
            assertEquals("old archive", Files.readString(archive), flag + " left the archive as it was");
        }
        try (Stream<Path> left = Files.list(archive.getParent())) {
            assertEquals(List.of(archive), left.toList(), "no partial archive");
        }
    }

    @Test
    void trainRefusesADirectoryThatDoesNotExist() throws Exception {
        archive = dir.resolve("missing/ikd.jsa");
        List<String> out = ikd(1, "train");
        assertTrue(String.join("\n", out).contains("cannot write " + archive), out.toString());
        assertFalse(Files.exists(archive));
    }

    private List<String> ikd(int status, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of(home.resolve("bin/ikd").toString()), Stream.of(args)).toList())
                .redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
        pb.environment().put("IKD_JAVA_OPTS", "-Xmx1g");
        pb.environment().put("IKD_CDS", archive.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "exited in time");
        assertEquals(status, p.exitValue(), out);
        return out.lines().toList();
    }
}
