package org.ikd.it.traffic;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Netns;

/**
 * A TCP sink and source run as their own JVM inside a namespace (a fresh Debian has no netcat):
 * <ol>
 * <li>{@code sink ADDRESS PORT}: listens, prints {@code listening}, takes one connection, reads to EOF;
 * <li>{@code source FROM|- TO PORT BYTES SEED MARKER}: connects (bound to FROM unless {@code -}) and sends
 *     BYTES of seeded random data with MARKER written every 4 KiB, then closes;
 * <li>both print {@code bytes=N sha256=HEX millis=M}: the SHA-256 of what went through their socket.
 * </ol>
 * Every socket wait is bounded (30 s).
 */
final class TcpTransfer {
    static final int MARKER_EVERY = 4096;
    private static final int TIMEOUT_MS = 30_000;
    private static final int PORT = 5301;
    private static final Pattern RESULT = Pattern.compile("bytes=(\\d+) sha256=([0-9a-f]{64}) millis=(\\d+)");

    /** What one end saw. */
    record Result(long bytes, String sha256, long millis) {
        static Result parse(String output) {
            Matcher m = RESULT.matcher(output);
            if (!m.find()) throw new IllegalStateException("no transfer result in:\n" + output);
            return new Result(Long.parseLong(m.group(1)), m.group(2), Long.parseLong(m.group(3)));
        }

        /** Megabytes (10^6) per second, at least one millisecond. */
        double megabytesPerSecond() {
            return bytes / 1000.0 / Math.max(1, millis);
        }
    }

    /** What both ends saw. */
    record Outcome(Result sent, Result received) {}

    private TcpTransfer() {}

    /** A sink JVM listening in a namespace; {@link #receiveFrom} runs the source against it. */
    static final class Sink implements AutoCloseable {
        private final Process process;
        private final Path out;
        private final String address;

        private Sink(Process process, Path out, String address) {
            this.process = process;
            this.out = out;
            this.address = address;
        }

        /** Runs the source in {@code client} (bound to {@code from} unless null) and returns what both ends saw. */
        Outcome receiveFrom(Netns client, String from, long bytes, String marker) throws IOException, InterruptedException {
            awaitListening();
            List<String> argv = new ArrayList<>(client.execPrefix());
            argv.addAll(program("source", from == null ? "-" : from, address, String.valueOf(PORT), String.valueOf(bytes),
                    String.valueOf(bytes ^ 0x5eed), marker));
            Command.Result r = Command.run(argv, 90);
            if (r.exitCode() != 0) throw new IllegalStateException("source exited " + r.exitCode() + ":\n" + r.stdout() + r.stderr());
            if (!process.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("sink did not finish:\n" + Files.readString(out));
            return new Outcome(Result.parse(r.stdout()), Result.parse(Files.readString(out)));
        }

        private void awaitListening() throws IOException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Files.readString(out).contains("listening")) {
                if (!process.isAlive()) throw new IllegalStateException("sink exited " + process.exitValue() + ":\n" + Files.readString(out));
                if (System.nanoTime() > deadline) throw new IllegalStateException("sink did not listen within 20 s");
                IkdNode.sleep(50);
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (!process.isAlive()) return;
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Starts {@code java -cp <test classes> TcpTransfer sink} in {@code server} on {@code address}; output in {@code dir}. */
    static Sink listen(Netns server, String address, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> argv = new ArrayList<>(server.execPrefix());
        argv.addAll(program("sink", address, String.valueOf(PORT)));
        Path out = dir.resolve("sink.out");
        Files.writeString(out, "");
        return new Sink(new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile()).start(), out, address);
    }

    private static List<String> program(String... args) {
        List<String> argv = new ArrayList<>(List.of(IkdNode.java(), "-cp", testClasses(), TcpTransfer.class.getName()));
        argv.addAll(List.of(args));
        return argv;
    }

    private static String testClasses() {
        try {
            return Path.of(TcpTransfer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        Result r = args[0].equals("sink")
                ? sink(InetAddress.getByName(args[1]), Integer.parseInt(args[2]))
                : source(args[1].equals("-") ? null : InetAddress.getByName(args[1]), InetAddress.getByName(args[2]),
                        Integer.parseInt(args[3]), Long.parseLong(args[4]), Long.parseLong(args[5]), args[6]);
        System.out.println("bytes=" + r.bytes() + " sha256=" + r.sha256() + " millis=" + r.millis());
    }

    private static Result sink(InetAddress address, int port) throws IOException {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(address, port));
            server.setSoTimeout(TIMEOUT_MS);
            System.out.println("listening");
            System.out.flush();
            try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                s.setSoTimeout(TIMEOUT_MS);
                MessageDigest sha = sha256();
                byte[] buf = new byte[65536];
                long total = 0;
                long start = System.nanoTime();
                for (int n; (n = in.read(buf)) >= 0; total += n) sha.update(buf, 0, n);
                return new Result(total, HexFormat.of().formatHex(sha.digest()), (System.nanoTime() - start) / 1_000_000);
            }
        }
    }

    private static Result source(InetAddress from, InetAddress to, int port, long bytes, long seed, String marker) throws IOException {
        try (Socket s = new Socket()) {
            if (from != null) s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress(to, port), TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            MessageDigest sha = sha256();
            OutputStream out = s.getOutputStream();
            byte[] chunk = new byte[MARKER_EVERY * 16];
            Random random = new Random(seed);
            long start = System.nanoTime();
            for (long sent = 0; sent < bytes; ) {
                fill(chunk, random, marker.getBytes(StandardCharsets.US_ASCII));
                int n = (int) Math.min(chunk.length, bytes - sent);
                out.write(chunk, 0, n);
                sha.update(chunk, 0, n);
                sent += n;
            }
            s.shutdownOutput();
            s.getInputStream().read();                  // the sink closes after EOF: everything arrived
            return new Result(bytes, HexFormat.of().formatHex(sha.digest()), (System.nanoTime() - start) / 1_000_000);
        }
    }

    private static void fill(byte[] chunk, Random random, byte[] marker) {
        random.nextBytes(chunk);
        for (int at = 0; at + marker.length <= chunk.length; at += MARKER_EVERY)
            System.arraycopy(marker, 0, chunk, at, marker.length);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
