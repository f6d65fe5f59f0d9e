package org.ikd.it.hostile;

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
 * One real {@code ikd run} in a namespace of ours, like {@code org.ikd.it.daemon.IkdProcess}
 * but launchable under a wrapper ({@code setpriv}, a private mount namespace) and with extra
 * options. Policy, PSK ({@code it.psk}, 0600), socket, Oakley log and output live in {@code dir}
 * unless the launch says otherwise. Only the PID started here is ever signalled; waits are bounded.
 */
public final class IkdUnderTest implements AutoCloseable {
    public static final String PSK = "it-hostile-psk-5f3a9c0e7b21d4";

    /**
     * How to start: {@code outer} runs before {@code ip netns exec} (e.g. unshare), {@code inner}
     * between it and {@code java} (e.g. setpriv); {@code logDir} null means {@code dir}.
     */
    public record Launch(List<String> outer, List<String> inner, List<String> options, Path logDir) {
        public static Launch plain() {
            return new Launch(List.of(), List.of(), List.of(), null);
        }

        public Launch withOuter(List<String> argv) {
            return new Launch(argv, inner, options, logDir);
        }

        public Launch withInner(List<String> argv) {
            return new Launch(outer, argv, options, logDir);
        }

        public Launch withOptions(String... more) {
            return new Launch(outer, inner, List.of(more), logDir);
        }

        public Launch withLogDir(Path dir) {
            return new Launch(outer, inner, options, dir);
        }
    }

    private final Path dir;
    private final Path logDir;
    private final Process process;

    private IkdUnderTest(Path dir, Path logDir, Process process) {
        this.dir = dir;
        this.logDir = logDir;
        this.process = process;
    }

    public static IkdUnderTest start(Netns ns, Path dir, String policy) {
        return start(ns, dir, policy, Launch.plain());
    }

    /** Writes the policy and PSK into {@code dir}, starts ikd, waits (30 s at most) for its control socket. */
    public static IkdUnderTest start(Netns ns, Path dir, String policy, Launch launch) {
        try {
            Files.createDirectories(dir);
            Path psk = dir.resolve("it.psk");
            Files.writeString(psk, PSK + "\n");
            Files.setPosixFilePermissions(psk, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(dir.resolve("policy.toml"), policy);
            Path logs = launch.logDir() == null ? dir : launch.logDir();
            List<String> argv = new ArrayList<>(launch.outer());
            argv.addAll(ns.execPrefix());
            argv.addAll(launch.inner());
            argv.addAll(List.of("java", "-Dlogback.configurationFile=" + root().resolve("conf/logback.xml"),
                    "-Dikd.log.dir=" + logs, "-cp", classPath(), "org.ikd.daemon.Ikd", "run",
                    "--config", dir.resolve("policy.toml").toString(), "--control-socket", dir.resolve("ikd.sock").toString(),
                    "--log-dir", logs.toString()));
            argv.addAll(launch.options());
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(dir.resolve("ikd.out").toFile()).start();
            IkdUnderTest ikd = new IkdUnderTest(dir, logs, p);
            ikd.awaitSocket();
            return ikd;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path root() {
        return Path.of(System.getProperty("ikd.root", ".")).toAbsolutePath();
    }

    /** The daemon jar and its lib directory, from the reactor build. */
    public static String classPath() {
        Path target = root().resolve("ikd-daemon/target");
        try (var files = Files.list(target)) {
            Path jar = files.filter(p -> p.getFileName().toString().matches("ikd-daemon-[^-]*(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no ikd-daemon jar in " + target + ": run mvn package"));
            return jar + ":" + target.resolve("lib") + "/*";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitSocket() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(socket())) {
            if (!process.isAlive()) throw new IllegalStateException("ikd exited " + process.exitValue() + ":\n" + output());
            if (System.nanoTime() > deadline) throw new IllegalStateException("ikd's control socket did not appear:\n" + output());
            pause(100);
        }
    }

    /** {@code ikdctl --socket DIR/ikd.sock args} as root; stdout and stderr, whatever the exit code. */
    public String ikdctl(String... args) {
        Command.Result r = ikdctlAs(List.of(), args);
        return r.stdout() + r.stderr();
    }

    /** ikdctl run under {@code wrapper} (e.g. setpriv as another user). */
    public Command.Result ikdctlAs(List<String> wrapper, String... args) {
        List<String> argv = new ArrayList<>(wrapper);
        argv.addAll(List.of("java", "-Dlogback.configurationFile=" + root().resolve("conf/logback-tools.xml"),
                "-cp", classPath(), "org.ikd.daemon.cli.Ikdctl", "--socket", socket().toString()));
        argv.addAll(List.of(args));
        return Command.run(argv, 60);
    }

    /** {@code ikdctl show stats --json}, parsed. */
    public Counters counters() {
        return Counters.parse(ikdctl("show", "stats", "--json"));
    }

    public String oakleyLog() {
        return read(logDir.resolve("oakley.log"));
    }

    /** stdout and stderr of the daemon: console log and audit events. */
    public String output() {
        return read(dir.resolve("ikd.out"));
    }

    public Path socket() {
        return dir.resolve("ikd.sock");
    }

    public Path dir() {
        return dir;
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

    /** SIGTERM, then up to 25 s; the exit code (-1 if it had to be killed). */
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

    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
