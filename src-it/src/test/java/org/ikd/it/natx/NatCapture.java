package org.ikd.it.natx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Netns;

/**
 * tshark on one link of a namespace into a pcapng file, read back as tab-separated fields; with the
 * key tables of {@code ikdctl keys --wireshark} it decrypts Quick Mode and ESP. Only the tshark
 * started here is ever signalled; every wait is bounded.
 */
final class NatCapture implements AutoCloseable {
    private final Path file;
    private final Path log;
    private final Process tshark;

    private NatCapture(Path file, Path log, Process tshark) {
        this.file = file;
        this.log = log;
        this.tshark = tshark;
    }

    /** Starts tshark on {@code link} in {@code ns} and waits (≤ 20 s) until it captures. */
    static NatCapture start(Netns ns, String link, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("capture.pcapng");
        Path log = dir.resolve("tshark.log");
        List<String> argv = new ArrayList<>(ns.execPrefix());
        argv.addAll(List.of("tshark", "-i", link, "-B", "32", "-q", "-w", file.toString()));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        NatCapture c = new NatCapture(file, log, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(log) || !Files.readString(log).contains("Capturing on")) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                c.close();
                throw new IllegalStateException("tshark did not start capturing:\n" + (Files.exists(log) ? Files.readString(log) : ""));
            }
            IkdNode.sleep(50);
        }
        return c;
    }

    /**
     * Stops capturing (SIGTERM, so the file is complete) and returns one row per packet matching
     * {@code filter}: the {@code fields}' values (all occurrences, comma-separated). {@code keys}: a
     * directory of Wireshark key tables (ikev1_decryption_table, esp_sa) or null.
     */
    List<String[]> rows(Path keys, String filter, String... fields) throws IOException, InterruptedException {
        close();
        List<String> argv = new ArrayList<>(List.of("tshark", "-r", file.toString(), "-o", "esp.enable_encryption_decode:TRUE",
                "-Y", filter, "-T", "fields", "-E", "separator=/t"));
        for (String f : fields) argv.addAll(List.of("-e", f));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(false);
        if (keys != null) pb.environment().put("WIRESHARK_CONFIG_DIR", keys.toString());
        Path out = Files.createTempFile(file.getParent(), "rows", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("tshark -r took more than 60 s");
        }
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(out)) if (!line.isBlank()) rows.add(line.split("\t", -1));
        return rows;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        if (!tshark.isAlive()) return;
        tshark.destroy();
        try {
            if (!tshark.waitFor(15, TimeUnit.SECONDS)) {
                tshark.destroyForcibly();
                tshark.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
