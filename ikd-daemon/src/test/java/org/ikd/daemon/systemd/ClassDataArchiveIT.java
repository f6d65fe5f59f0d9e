package org.ikd.daemon.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real JDK 17 and the built distribution: {@code bin/ikd train} leaves an archive the JVM maps,
 * and a stale one (a jar changed since) is skipped without a word and without failing the start.
 */
class ClassDataArchiveIT {
    private static final String QUIET = "-Xlog:cds=off,cds+dynamic=off";

    @TempDir
    Path dir;

    @Test
    void trainLeavesAnArchiveThatTheNextJvmMapsAndAStaleOneIsSkippedQuietly() throws Exception {
        Path home = dir.resolve("ikd");
        Packaging.Result copy = Packaging.run(Map.of(), List.of("cp", "-r", Packaging.dist().toString(), home.toString()));
        assertEquals(0, copy.exit(), copy.out());
        Path archive = dir.resolve("ikd.jsa");
        Packaging.Result train = Packaging.run(Map.of("IKD_CDS", archive.toString()), List.of(home.resolve("bin/ikd").toString(), "train"));
        assertEquals(0, train.exit(), train.out());
        assertTrue(train.out().matches("(?s).*trained: \\d+ classes loaded\n.*class-data archive: " + archive + "\n"), train.out());
        assertTrue(Files.size(archive) > 1_000_000, "size " + Files.size(archive));

        String cp = home.resolve("lib") + "/*";
        Packaging.Result mapped = java(archive, cp, "-Xlog:class+load=info");
        assertEquals(0, mapped.exit(), mapped.out());
        assertTrue(mapped.out().contains("org.ikd.daemon.Ikd source: shared objects file (top)"), "Ikd came from the archive");

        Path jar = home.resolve("lib/ikd-daemon-" + Packaging.version() + ".jar");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now()));          // as a package upgrade without train
        Packaging.Result stale = java(archive, cp, QUIET);
        assertEquals(0, stale.exit(), stale.out());
        assertEquals(List.of("ikd " + Packaging.version() + " (IKEv1/IPsec, Java 17)"), stale.out().lines().toList(),
                "the version line and nothing about the archive");
    }

    private static Packaging.Result java(Path archive, String cp, String log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return Packaging.run(Map.of(), List.of(java, "-XX:SharedArchiveFile=" + archive, log, "-cp", cp, "org.ikd.daemon.Ikd", "--version"));
    }
}
