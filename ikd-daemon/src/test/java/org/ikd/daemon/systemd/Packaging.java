package org.ikd.daemon.systemd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs a packaging tool for the *IT tests; the build's distribution directory and version. */
final class Packaging {
    record Result(int exit, String out) {}

    private Packaging() {}

    static Path dist() {
        return Path.of(System.getProperty("ikd.dist", "target/ikd-" + version()));
    }

    static String version() {
        return System.getProperty("ikd.version", "0.1.0-SNAPSHOT");
    }

    static Result run(Map<String, String> env, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":"))
            if (!dir.isEmpty() && Path.of(dir, tool).toFile().canExecute()) return true;
        return false;
    }
}
