package org.ikd.it.actions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ikd.daemon.control.ControlClient;
import org.ikd.daemon.control.ControlException;
import org.ikd.daemon.control.ControlRequest;
import org.ikd.daemon.control.Outcome;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.Netns;

/**
 * One real {@code ikd run} in a namespace of ours, from the reactor build ({@code ikd-daemon/target},
 * found through the {@code ikd.root} property failsafe sets); policy, PSK file {@code it.psk} (0600),
 * control socket, Oakley log and output live in {@code dir}. The public twin of the daemon package's
 * package-private launcher, for the actions and swan tests. Only the PID started here is signalled.
 */
public final class IkdDaemon implements AutoCloseable {
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
            Path jar = files.filter(p -> p.getFileName().toString().matches("ikd-daemon-[0-9].*\\.jar")
                    && !p.getFileName().toString().contains("-tests") && !p.getFileName().toString().contains("-sources"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no ikd-daemon jar in " + target + ": run mvn package"));
            return jar + ":" + target.resolve("lib") + "/*";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code policy} and the PSK file to {@code dir}, starts ikd in {@code ns}, waits for its socket. */
    public static IkdDaemon start(Netns ns, Path dir, String policy, String psk) {
        try {
            Files.createDirectories(dir);
            Path pskFile = dir.resolve("it.psk");
            Files.writeString(pskFile, psk + "\n");
            Files.setPosixFilePermissions(pskFile, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(dir.resolve("policy.toml"), policy);
            List<String> argv = new ArrayList<>(ns.execPrefix());
            argv.addAll(List.of("java", "-Dlogback.configurationFile=" + root().resolve("conf/logback.xml"),
                    "-Dikd.log.dir=" + dir, "-cp", classPath(), "org.ikd.daemon.Ikd", "run",
                    "--config", dir.resolve("policy.toml").toString(), "--control-socket", dir.resolve("ikd.sock").toString(),
                    "--log-dir", dir.toString()));
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(dir.resolve("ikd.out").toFile()).start();
            IkdDaemon ikd = new IkdDaemon(dir, p);
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
            pause(100);
        }
    }

    /** {@code ikdctl --socket DIR/ikd.sock args}: stdout and stderr, whatever the exit code. */
    public String ikdctl(String... args) {
        List<String> argv = new ArrayList<>(List.of("java", "-Dlogback.configurationFile=" + root().resolve("conf/logback-tools.xml"),
                "-cp", classPath(), "org.ikd.daemon.cli.Ikdctl", "--socket", dir.resolve("ikd.sock").toString()));
        argv.addAll(List.of(args));
        Command.Result r = Command.run(argv, 60);
        return r.stdout() + r.stderr();
    }

    /**
     * One control-socket request from this JVM (what ikdctl sends, without starting a JVM per call),
     * its answer as {@code type}, e.g. {@code control(SHOW_QM, QuickModeSas.class)}.
     */
    public <T> T control(ControlRequest.Command command, Class<T> type) {
        try {
            return new ControlClient(dir.resolve("ikd.sock"), ControlClient.DEFAULT_TIMEOUT).call(ControlRequest.of(command), type);
        } catch (ControlException e) {
            throw new IllegalStateException(command + ": " + e.getMessage() + "\n" + output(), e);
        }
    }

    /** Replaces the policy file and has the daemon re-read it (as {@code ikdctl reload}); returns its answer. */
    public String reload(String policy) {
        try {
            Files.writeString(dir.resolve("policy.toml"), policy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return control(ControlRequest.Command.RELOAD, Outcome.class).message();
    }

    public String oakleyLog() {
        return read(dir.resolve("oakley.log"));
    }

    public String output() {
        return read(dir.resolve("ikd.out"));
    }

    /** SIGTERM (ikd sends its Deletes), then up to 25 s; the exit code, -1 if it had to be killed. */
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

    /** A bounded pause for the tests' polling loops. */
    public static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
