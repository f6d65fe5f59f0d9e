package org.ikd.it.daemon;

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
 * One real {@code ikd run} as a child process inside a namespace of ours, started from the
 * reactor build ({@code ikd-daemon/target}, found through the {@code ikd.root} property that
 * failsafe sets), with its control socket, Oakley log and output in {@code dir}. Only the PID
 * started here is ever signalled; every wait is bounded.
 */
public final class IkdProcess implements AutoCloseable {
    public static final String PSK = "it-shared-secret-0123456789";

    private final Path dir;
    private final Process process;

    private IkdProcess(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    public static Path root() {
        return Path.of(System.getProperty("ikd.root", ".")).toAbsolutePath();
    }

    static String classPath() {
        Path target = root().resolve("ikd-daemon/target");
        try (var files = Files.list(target)) {
            Path jar = files.filter(p -> p.getFileName().toString().matches("ikd-daemon-.*\\.jar")
                    && !p.getFileName().toString().contains("-tests") && !p.getFileName().toString().contains("-sources"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no ikd-daemon jar in " + target + ": run mvn package"));
            return jar + ":" + target.resolve("lib") + "/*";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code policy} (and the PSK file {@code it.psk}, 0600) to {@code dir}, starts ikd, waits for its socket. */
    public static IkdProcess start(Netns ns, Path dir, String policy) {
        try {
            Files.createDirectories(dir);
            Path psk = dir.resolve("it.psk");
            Files.writeString(psk, PSK + "\n");
            Files.setPosixFilePermissions(psk, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(dir.resolve("policy.toml"), policy);
            List<String> argv = new ArrayList<>(ns.execPrefix());
            argv.addAll(List.of("java", "-Dlogback.configurationFile=" + root().resolve("conf/logback.xml"),
                    "-Dikd.log.dir=" + dir, "-cp", classPath(), "org.ikd.daemon.Ikd", "run",
                    "--config", dir.resolve("policy.toml").toString(), "--control-socket", dir.resolve("ikd.sock").toString(),
                    "--log-dir", dir.toString()));
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(dir.resolve("ikd.out").toFile()).start();
            IkdProcess ikd = new IkdProcess(dir, p);
            ikd.awaitSocket();
            return ikd;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitSocket() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(dir.resolve("ikd.sock"))) {
            if (!process.isAlive()) throw new IllegalStateException("ikd exited " + process.exitValue() + ":\n" + output());
            if (System.nanoTime() > deadline) throw new IllegalStateException("ikd's control socket did not appear:\n" + output());
            sleep(100);
        }
    }

    /** {@code ikdctl --socket DIR/ikd.sock args}; its output, whatever its exit code (stderr appended). */
    public String ikdctl(String... args) {
        List<String> argv = new ArrayList<>(List.of("java", "-Dlogback.configurationFile=" + root().resolve("conf/logback-tools.xml"),
                "-cp", classPath(), "org.ikd.daemon.cli.Ikdctl", "--socket", dir.resolve("ikd.sock").toString()));
        argv.addAll(List.of(args));
        Command.Result r = Command.run(argv, 60);
        return r.stdout() + r.stderr();
    }

    public String oakleyLog() {
        return read(dir.resolve("oakley.log"));
    }

    public String output() {
        return read(dir.resolve("ikd.out"));
    }

    public Path socket() {
        return dir.resolve("ikd.sock");
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, then waits up to 25 s; returns the exit code (-1 if it had to be killed). */
    public int stop() {
        process.destroy();
        try {
            if (process.waitFor(25, TimeUnit.SECONDS)) return process.exitValue();
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGKILL: a crash, nothing of ikd's own cleanup runs. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) stop();
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
