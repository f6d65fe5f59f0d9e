package org.ikd.it.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One real {@code ikd run} in a namespace of ours (the public twin of the daemon tests'
 * IkdProcess, for the NAT and DPD packages): built from {@code ikd-daemon/target}, its policy,
 * PSK file, control socket, Oakley log and output in {@code dir}. {@link #kill()} is a crash
 * (SIGKILL); {@link #restart()} starts the same configuration again. Only PIDs started here are signalled.
 */
public final class IkdNode implements AutoCloseable {
    public static final String PSK = "it-shared-secret-0123456789";

    private final Netns ns;
    private final Path dir;
    private Process process;

    private IkdNode(Netns ns, Path dir) {
        this.ns = ns;
        this.dir = dir;
    }

    /** Writes {@code policy} and {@code it.psk} (0600) to {@code dir}, starts ikd and waits for its control socket. */
    public static IkdNode start(Netns ns, Path dir, String policy) {
        try {
            Files.createDirectories(dir);
            Path psk = dir.resolve("it.psk");
            Files.writeString(psk, PSK + "\n");
            Files.setPosixFilePermissions(psk, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(dir.resolve("policy.toml"), policy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        IkdNode node = new IkdNode(ns, dir);
        node.launch();
        return node;
    }

    private static Path root() {
        return Path.of(System.getProperty("ikd.root", ".")).toAbsolutePath();
    }

    private static String classPath() {
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

    private void launch() {
        try {
            Files.deleteIfExists(dir.resolve("ikd.sock"));
            List<String> argv = new ArrayList<>(ns.execPrefix());
            argv.addAll(List.of("java", "-Dlogback.configurationFile=" + root().resolve("conf/logback.xml"),
                    "-Dikd.log.dir=" + dir, "-cp", classPath(), "org.ikd.daemon.Ikd", "run",
                    "--config", dir.resolve("policy.toml").toString(), "--control-socket", dir.resolve("ikd.sock").toString(),
                    "--log-dir", dir.toString()));
            process = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("ikd.out").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(dir.resolve("ikd.sock"))) {
            if (!process.isAlive()) throw new IllegalStateException("ikd exited " + process.exitValue() + ":\n" + output());
            if (System.nanoTime() > deadline) throw new IllegalStateException("ikd's control socket did not appear:\n" + output());
            sleep(100);
        }
    }

    /** Starts the same policy again after {@link #kill()} or {@link #stop()}. */
    public void restart() {
        if (process.isAlive()) throw new IllegalStateException("ikd is still running");
        launch();
    }

    /** {@code ikdctl --socket DIR/ikd.sock args}: stdout and stderr, whatever the exit code. */
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

    /** SIGTERM, then up to 25 s; the exit code, -1 if it had to be killed. */
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

    /**
     * SIGKILL, a crash: none of ikd's cleanup runs. Its TUN device, routes and nftables table stay
     * behind in the namespace until the next start cleans them up.
     */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) stop();
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
