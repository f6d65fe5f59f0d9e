package org.ikd.daemon.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * conf/jvm.options as the JVM reads it (a java @argfile) and as bin/ikd passes it: a typo there
 * would stop the daemon from starting, so the real java parses it here.
 */
class JvmOptionsTest {
    private static final Path OPTIONS = Path.of("..", "conf", "jvm.options").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theJvmAcceptsTheFileAndRunsTheSerialCollectorWithAHalfGigabyteHeapCap() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String flags = run(List.of(java, "@" + OPTIONS, "-XX:+PrintFlagsFinal", "-version"), null);
        assertTrue(flags.lines().anyMatch(l -> l.matches("\\s*bool UseSerialGC\\s+= true .*")), flags);
        assertTrue(flags.lines().anyMatch(l -> l.matches("\\s*size_t MaxHeapSize\\s+= 536870912 .*")), flags);
    }

    @Test
    void binIkdPassesTheFileBeforeIkdJavaOptsSoThatTheAdminsOptionsWin() throws Exception {
        Path home = dir.resolve("ikd");
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("conf"));
        Files.copy(Path.of("src", "dist", "bin", "ikd"), home.resolve("bin/ikd"));
        Files.copy(OPTIONS, home.resolve("conf/jvm.options"));
        Path fakeJava = dir.resolve("jdk/bin/java");             // prints its arguments, one per line
        Files.createDirectories(fakeJava.getParent());
        Files.writeString(fakeJava, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(home.resolve("bin/ikd"), PosixFilePermissions.fromString("rwxr-xr-x"));
        String out = run(List.of(home.resolve("bin/ikd").toString(), "version"), dir.resolve("jdk").toString());
        List<String> args = out.lines().toList();
        int options = args.indexOf("@" + home.resolve("conf/jvm.options"));
        int admin = args.indexOf("-Xmx1g");
        assertTrue(options >= 0, "bin/ikd passes conf/jvm.options (no /etc/ikd/jvm.options here): " + args);
        assertTrue(admin > options, "IKD_JAVA_OPTS after it: " + args);
        assertEquals("version", args.get(args.size() - 1), args.toString());
    }

    private static String run(List<String> argv, String javaHome) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        if (javaHome != null) {
            pb.environment().put("JAVA_HOME", javaHome);
            pb.environment().put("IKD_JAVA_OPTS", "-Xmx1g");
        }
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "exited in time");
        assertEquals(0, p.exitValue(), new String(out, StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }
}
