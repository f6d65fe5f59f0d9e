package org.ikd.it.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * impair.py bridging two interfaces of one namespace frame by frame, with netem's loss, delay,
 * duplication and reordering done in userspace (sch_netem is missing from this CI's kernel). A
 * layer-2 bridge: IKE, ESP in UDP and raw ESP (protocol 50) cross it alike. The settings change at
 * any time ({@link #set}); the process is ours, stopped on {@link #close()} (and by itself after
 * {@code maxSeconds}).
 */
public final class ImpairedLink implements AutoCloseable {
    /**
     * What the wire does to each frame: drops {@code loss} %, duplicates {@code dup} %, delays every
     * frame {@code delayMs} and holds {@code reorder} % of them {@code reorderMs} longer; the first
     * {@code ikeDrops} IKE messages are dropped whatever the loss (a retransmission is then certain).
     */
    public record Impairment(int loss, int dup, int reorder, int reorderMs, int delayMs, int ikeDrops) {
        public static final Impairment NONE = new Impairment(0, 0, 0, 0, 0, 0);

        /** Loss, delay and reordering, like netem's {@code loss L% delay Dms reorder R%}: held back D ms more (at least 10). */
        public static Impairment of(int loss, int delayMs, int reorder) {
            return new Impairment(loss, 0, reorder, Math.max(delayMs, 10), delayMs, 0);
        }

        public Impairment withIkeDrops(int n) {
            return new Impairment(loss, dup, reorder, reorderMs, delayMs, n);
        }

        public boolean any() {
            return loss > 0 || dup > 0 || reorder > 0 || delayMs > 0 || ikeDrops > 0;
        }

        String line() {
            return loss + " " + dup + " " + reorder + " " + reorderMs + " " + delayMs + " " + ikeDrops + "\n";
        }

        @Override
        public String toString() {
            return "loss %d %%, delay %d ms, %d %% held %d ms more, dup %d %%, first %d IKE messages dropped"
                    .formatted(loss, delayMs, reorder, reorderMs, dup, ikeDrops);
        }
    }

    private final Path dir;
    private Process bridge;

    private ImpairedLink(Path dir) {
        this.dir = dir;
    }

    /** Starts the bridge between {@code left} and {@code right} in {@code ns} with {@code initial}; files in {@code dir}. */
    public static ImpairedLink start(Netns ns, String left, String right, Path dir, Impairment initial, int maxSeconds) {
        ImpairedLink link = new ImpairedLink(dir);
        try (InputStream in = ImpairedLink.class.getResourceAsStream("impair.py")) {
            Files.createDirectories(dir);
            Files.write(dir.resolve("impair.py"), in.readAllBytes());
            link.write(initial);
            List<String> argv = new ArrayList<>(ns.execPrefix());
            argv.addAll(List.of("python3", dir.resolve("impair.py").toString(), left, right, dir.resolve("settings").toString(),
                    dir.resolve("stop").toString(), Integer.toString(maxSeconds)));
            link.bridge = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(dir.resolve("impair.out").toFile()).start();
            return link;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** From now on (within 300 ms: the bridge reads its settings every 100 ms) the wire does {@code what}. */
    public void set(Impairment what) {
        write(what);
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void write(Impairment what) {
        try {
            Path tmp = dir.resolve("settings.new");
            Files.writeString(tmp, what.line());
            Files.move(tmp, dir.resolve("settings"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the bridge; what it counted ("frames=N dropped=N duplicated=N reordered=N ike_dropped=N too_big=N"). */
    public String stop() {
        if (bridge == null) return "";
        try {
            Files.writeString(dir.resolve("stop"), "");
            if (!bridge.waitFor(5, TimeUnit.SECONDS)) bridge.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            bridge = null;
            return Files.readString(dir.resolve("impair.out")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** One count of {@link #stop()}'s line, e.g. {@code count(line, "dropped")}; -1 when absent. */
    public static long count(String counts, String name) {
        for (String kv : counts.split("\\s+"))
            if (kv.startsWith(name + "=")) return Long.parseLong(kv.substring(name.length() + 1));
        return -1;
    }

    @Override
    public void close() {
        stop();
    }
}
