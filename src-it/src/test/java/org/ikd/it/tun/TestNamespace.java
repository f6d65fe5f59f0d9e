package org.ikd.it.tun;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.ikd.tun.posix.NetNamespace;

/**
 * A network namespace {@code ikd-it-tun-<random>} that a test creates and deletes, with one thread
 * inside it (entered with {@link NetNamespace#enter}) on which the test opens devices and sockets.
 * Nothing here touches the host's interfaces: iproute2 commands are run with {@code -n NAME}.
 */
final class TestNamespace implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 30;

    final String name;
    private final ExecutorService inside;

    private TestNamespace(String name) {
        this.name = name;
        this.inside = Executors.newSingleThreadExecutor(r -> new Thread(r, name));
    }

    static TestNamespace create() throws Exception {
        return create("ikd-it-tun");
    }

    /** {@code prefix-<random>}. */
    static TestNamespace create(String prefix) throws Exception {
        String name = prefix + "-" + HexFormat.of().formatHex(SecureRandom.getSeed(4));
        host("ip", "netns", "add", name);
        TestNamespace ns = new TestNamespace(name);
        try {
            ns.call(() -> NetNamespace.enter(name));       // the thread stays inside until it ends
            ns.ip("link", "set", "lo", "up");
            return ns;
        } catch (Exception | Error e) {
            ns.close();
            throw e;
        }
    }

    static boolean isRoot() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0"));
    }

    /** Runs {@code task} on the thread inside the namespace. */
    <T> T call(Callable<T> task) throws Exception {
        try {
            return inside.submit(task).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            throw e;
        }
    }

    /** {@code ip -n NAME ARGS}; fails unless it exits 0. */
    String ip(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(List.of(args));
        return host(cmd.toArray(String[]::new));
    }

    /** {@code ip netns exec NAME COMMAND}, whatever its exit code. */
    Result exec(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(List.of(command));
        return run(cmd);
    }

    static String host(String... command) throws IOException, InterruptedException {
        Result r = run(List.of(command));
        if (r.exit() != 0) throw new IOException(String.join(" ", command) + " exited " + r.exit() + ": " + r.output());
        return r.output();
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("ikd-it-tun", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    record Result(int exit, String output) {
    }

    /** Ends the inside thread (which holds the namespace), then deletes the namespace. */
    @Override
    public void close() throws Exception {
        inside.shutdownNow();
        inside.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        host("ip", "netns", "del", name);
    }
}
