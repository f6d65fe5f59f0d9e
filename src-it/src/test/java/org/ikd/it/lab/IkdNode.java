package org.ikd.it.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ikd.daemon.control.ControlClient;
import org.ikd.daemon.control.ControlException;
import org.ikd.daemon.control.ControlRequest;
import org.ikd.daemon.control.Outcome;

/**
 * One real {@code ikd run} in a namespace of ours, the one launcher of the ITs: built from
 * {@code ikd-daemon/target} (found through the {@code ikd.root} property failsafe sets), its policy,
 * PSK file {@code it.psk} (0600), control socket, Oakley log and output in {@code dir}. {@link #kill()}
 * is a crash (SIGKILL); {@link #restart()} starts the same configuration again. Only PIDs started
 * here are signalled; every wait is bounded.
 */
public final class IkdNode implements AutoCloseable {
    public static final String PSK = "it-shared-secret-0123456789";

    /**
     * How to start: the PSK written to {@code it.psk}; {@code outer} runs before {@code ip netns exec}
     * (e.g. unshare), {@code inner} between it and {@code java} (e.g. setpriv); {@code options} follow
     * {@code ikd run}'s own; {@code logDir} null means {@code dir}; {@code ready} bounds the wait for
     * the control socket (ikd warms up its IKE code first: 6-7 s on a loaded two-core machine).
     */
    public record Launch(String psk, List<String> outer, List<String> inner, List<String> options, Path logDir,
                         Duration ready) {
        public static Launch plain() {
            return new Launch(PSK, List.of(), List.of(), List.of(), null, Duration.ofSeconds(30));
        }

        public Launch withPsk(String secret) {
            return new Launch(secret, outer, inner, options, logDir, ready);
        }

        public Launch withOuter(List<String> argv) {
            return new Launch(psk, argv, inner, options, logDir, ready);
        }

        public Launch withInner(List<String> argv) {
            return new Launch(psk, outer, argv, options, logDir, ready);
        }

        public Launch withOptions(String... more) {
            return new Launch(psk, outer, inner, List.of(more), logDir, ready);
        }

        public Launch withLogDir(Path dir) {
            return new Launch(psk, outer, inner, options, dir, ready);
        }

        public Launch withReady(Duration within) {
            return new Launch(psk, outer, inner, options, logDir, within);
        }
    }

    private final Netns ns;
    private final Path dir;
    private final Launch launch;
    private Process process;

    private IkdNode(Netns ns, Path dir, Launch launch) {
        this.ns = ns;
        this.dir = dir;
        this.launch = launch;
    }

    /** Writes {@code policy} and {@code it.psk} (0600) to {@code dir}, starts ikd and waits for its control socket. */
    public static IkdNode start(Netns ns, Path dir, String policy) {
        return start(ns, dir, policy, Launch.plain());
    }

    /** The same, started as {@code launch} says. */
    public static IkdNode start(Netns ns, Path dir, String policy, Launch launch) {
        IkdNode node = launch(ns, dir, policy, launch);
        node.awaitReady();
        return node;
    }

    /**
     * Writes the files and starts ikd without waiting (two JVMs start faster side by side than one
     * after the other); {@link #awaitReady()} waits.
     */
    public static IkdNode launch(Netns ns, Path dir, String policy, Launch launch) {
        try {
            Files.createDirectories(dir);
            Path psk = dir.resolve("it.psk");
            Files.writeString(psk, launch.psk() + "\n");
            Files.setPosixFilePermissions(psk, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(dir.resolve("policy.toml"), policy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        IkdNode node = new IkdNode(ns, dir, launch);
        node.exec();
        return node;
    }

    public static Path root() {
        return Path.of(System.getProperty("ikd.root", ".")).toAbsolutePath();
    }

    /** The daemon jar and its lib directory, from the reactor build. */
    public static String classPath() {
        Path target = root().resolve("ikd-daemon/target");
        try (var files = Files.list(target)) {
            Path jar = files.filter(p -> p.getFileName().toString().matches("ikd-daemon-[0-9][^-]*(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no ikd-daemon jar in " + target + ": run mvn package"));
            return jar + ":" + target.resolve("lib") + "/*";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The start-up archive ikd-daemon/target/ikd.jsa (scripts/ikd train; docs/operations.md
     * "Start-up") when it exists and is newer than the daemon jar, as scripts/ikd maps it; else none.
     * The ITs never train it themselves: only train dumps, and ITs run daemons side by side.
     */
    public static List<String> classDataArchiveOptions() {
        Path archive = root().resolve("ikd-daemon/target/ikd.jsa");
        Path jar = Path.of(classPath().split(":")[0]);
        try {
            if (!Files.isRegularFile(archive) || Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) <= 0)
                return List.of();
        } catch (IOException e) {
            return List.of();
        }
        return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off,cds+dynamic=off");
    }

    /** The java of the JVM running the tests. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private Path logDir() {
        return launch.logDir() == null ? dir : launch.logDir();
    }

    private void exec() {
        try {
            Files.deleteIfExists(socket());
            List<String> argv = new ArrayList<>(launch.outer());
            argv.addAll(ns.execPrefix());
            argv.addAll(launch.inner());
            argv.addAll(List.of(java(), "@" + root().resolve("conf/jvm.options")));
            argv.addAll(classDataArchiveOptions());
            argv.addAll(List.of("-Dlogback.configurationFile=" + root().resolve("conf/logback.xml"),
                    "-Dikd.log.dir=" + logDir(), "-cp", classPath(), "org.ikd.daemon.Ikd", "run",
                    "--config", dir.resolve("policy.toml").toString(), "--control-socket", socket().toString(),
                    "--log-dir", logDir().toString()));
            argv.addAll(launch.options());
            process = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("ikd.out").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until ikd listens on its control socket, i.e. its policy is in force (bounded by the launch's {@code ready}). */
    public void awaitReady() {
        long deadline = System.nanoTime() + launch.ready().toNanos();
        while (!Files.exists(socket())) {
            if (!process.isAlive()) throw new IllegalStateException("ikd exited " + process.exitValue() + ":\n" + output());
            if (System.nanoTime() > deadline) throw new IllegalStateException("ikd's control socket did not appear:\n" + output());
            sleep(100);
        }
    }

    /** Starts the same policy again after {@link #kill()} or {@link #stop()}. */
    public void restart() {
        if (process.isAlive()) throw new IllegalStateException("ikd is still running");
        exec();
        awaitReady();
    }

    /** {@code ikdctl --socket DIR/ikd.sock args}: stdout and stderr, whatever the exit code. */
    public String ikdctl(String... args) {
        Command.Result r = ikdctlAs(List.of(), args);
        return r.stdout() + r.stderr();
    }

    /** ikdctl run under {@code wrapper} (e.g. setpriv as another user). */
    public Command.Result ikdctlAs(List<String> wrapper, String... args) {
        List<String> argv = new ArrayList<>(wrapper);
        argv.addAll(List.of(java(), "-Dlogback.configurationFile=" + root().resolve("conf/logback-tools.xml"),
                "-cp", classPath(), "org.ikd.daemon.cli.Ikdctl", "--socket", socket().toString()));
        argv.addAll(List.of(args));
        return Command.run(argv, 60);
    }

    /**
     * One control-socket request from this JVM (what ikdctl sends, without starting a JVM per call),
     * its answer as {@code type}, e.g. {@code control(SHOW_QM, QuickModeSas.class)}.
     */
    public <T> T control(ControlRequest.Command command, Class<T> type) {
        try {
            return new ControlClient(socket(), ControlClient.DEFAULT_TIMEOUT).call(ControlRequest.of(command), type);
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
        return read(logDir().resolve("oakley.log"));
    }

    /** stdout and stderr of the daemon (every start appended): console log and audit events. */
    public String output() {
        return read(dir.resolve("ikd.out"));
    }

    public Path dir() {
        return dir;
    }

    public Path socket() {
        return dir.resolve("ikd.sock");
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Resident and peak resident memory in KiB ({@code VmRSS}, {@code VmHWM}) of the daemon's JVM. */
    public long[] residentKib() {
        long rss = 0;
        long hwm = 0;
        for (String l : read(Path.of("/proc", Long.toString(pid()), "status")).split("\n")) {
            if (l.startsWith("VmRSS:")) rss = Long.parseLong(l.replaceAll("\\D", ""));
            if (l.startsWith("VmHWM:")) hwm = Long.parseLong(l.replaceAll("\\D", ""));
        }
        return new long[] {rss, hwm};
    }

    /** SIGTERM without waiting (ikd sends its Deletes); {@link #stop()} or {@link #close()} waits. */
    public void signalStop() {
        process.destroy();
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

    /** A bounded pause for the tests' polling loops. */
    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
