package org.ikd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ikd train} in a JVM of its own, as bin/ikd starts it: it changes JVM-wide state (logback's
 * root level, ikd.log.dir) that must not leak into the other tests. (The archive itself is not made
 * here: JDK 17 refuses to dump with class directories on the class path, as target/classes are;
 * ClassDataArchiveIT does it with the packaged jars.)
 */
class TrainTest {
    @TempDir
    Path dir;

    @Test
    void trainsWithTheBuiltInPolicyAndSaysHowManyClassesItLoaded() throws Exception {
        Result r = ikd(List.of(), "train");
        assertEquals(0, r.status(), r.output());
        List<String> lines = r.stdout().lines().toList();
        assertEquals(1, lines.size(), "one line: " + r.output());
        assertTrue(lines.get(0).matches("trained: \\d{4,} classes loaded"), r.output());
        assertEquals("", r.stderr(), "nothing on stderr (Netty's refused SO_RCVBUFFORCE stays quiet)");
    }

    @Test
    void refusesAnInvalidPolicyFileWithExitStatusOne() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.toml"), "name = \"bad\"\n[main-mode]\nmethods = [\"aes128-sha256-modp2048\"]\nunknown-key = 1\n");
        Result r = ikd(List.of(), "train", "--config", bad.toString());
        assertEquals(1, r.status(), r.output());
        assertTrue(r.stderr().contains("bad.toml"), r.output());
        assertTrue(!r.stdout().contains("trained"), r.output());
    }

    private record Result(int status, String stdout, String stderr) {
        String output() {
            return "stdout: " + stdout + "\nstderr: " + stderr;
        }
    }

    private Result ikd(List<String> jvmOptions, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        argv.addAll(jvmOptions);
        argv.addAll(List.of("-Xshare:auto", "-cp", System.getProperty("java.class.path"), Ikd.class.getName()));
        argv.addAll(List.of(args));
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process p = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "exited in time");
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
