package org.ikd.it.traffic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.Netns;

/**
 * One {@code ikd run} from the reactor build ({@code ikd-daemon/target}, found through the
 * {@code ikd.root} property failsafe sets) inside a namespace of ours, with its policy, PSK, control
 * socket and logs in {@code dir}. Only the PID started here is signalled; every wait is bounded.
 */
final class IkdDaemon implements AutoCloseable {
    static final String PSK = "it-traffic-secret-0123456789";

    private final Path dir;
    private final Process process;

    private IkdDaemon(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    static Path root() {
        return Path.of(System.getProperty("ikd.root", ".")).toAbsolutePath();
    }

    static String classPath() {
        Path target = root().resolve("ikd-daemon/target");
        try (var files = Files.list(target)) {
            Path jar = files.filter(p -> p.getFileName().toString().matches("ikd-daemon-[0-9].*[0-9T]\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no ikd-daemon jar in " + target + ": run mvn package"));
            return jar + ":" + target.resolve("lib") + "/*";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the policy and {@code it.psk} (0600) to {@code dir}, starts ikd in {@code ns}; see {@link #awaitSocket}. */
    static IkdDaemon launch(Netns ns, Path dir, String policy) throws IOException {
        Files.createDirectories(dir);
        Path psk = dir.resolve("it.psk");
        Files.writeString(psk, PSK + "\n");
        Files.setPosixFilePermissions(psk, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(dir.resolve("policy.toml"), policy);
        List<String> argv = new ArrayList<>(ns.execPrefix());
        argv.addAll(List.of(java(), "-Dlogback.configurationFile=" + root().resolve("conf/logback.xml"),
                "-Dikd.log.dir=" + dir, "-cp", classPath(), "org.ikd.daemon.Ikd", "run",
                "--config", dir.resolve("policy.toml").toString(), "--control-socket", socket(dir).toString(),
                "--log-dir", dir.toString()));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(dir.resolve("ikd.out").toFile()).start();
        return new IkdDaemon(dir, p);
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path socket(Path dir) {
        return dir.resolve("ikd.sock");
    }

    /**
     * Waits until ikd listens on its control socket, i.e. its policy is in force: 90 s at most (it
     * warms up its IKE code first, which takes 6-7 s on a loaded two-core machine).
     */
    void awaitSocket() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!Files.exists(socket(dir))) {
            if (!process.isAlive()) throw new IllegalStateException("ikd exited " + process.exitValue() + ":\n" + output());
            if (System.nanoTime() > deadline) throw new IllegalStateException("ikd's control socket did not appear:\n" + output());
            pause(100);
        }
    }

    /** {@code ikdctl --socket DIR/ikd.sock args}: its output, stderr appended. */
    String ikdctl(String... args) {
        List<String> argv = new ArrayList<>(List.of(java(), "-Dlogback.configurationFile=" + root().resolve("conf/logback-tools.xml"),
                "-cp", classPath(), "org.ikd.daemon.cli.Ikdctl", "--socket", socket(dir).toString()));
        argv.addAll(List.of(args));
        Command.Result r = Command.run(argv, 60);
        return r.stdout() + r.stderr();
    }

    String oakleyLog() {
        return read(dir.resolve("oakley.log"));
    }

    String output() {
        return read(dir.resolve("ikd.out"));
    }

    /** SIGTERM without waiting; {@link #close} waits. */
    void signalStop() {
        process.destroy();
    }

    /** SIGTERM, up to 25 s, then SIGKILL. */
    @Override
    public void close() {
        if (!process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(25, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
