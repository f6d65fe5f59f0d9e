package org.ikd.it.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ikd.it.lab.Netns;

/**
 * Host A and host B (198.18.0.1/24, 198.18.0.2/24, as in TwoHosts) joined through a middle
 * namespace whose impair.py bridges the two veths with loss, duplication and reordering, set at
 * any time with {@link #impair}. Stands in for netem, which some kernels lack (this CI's).
 * Every namespace and the bridge process are ours and go away in {@link #close()}.
 */
final class LossyWire implements AutoCloseable {
    static final String A = "198.18.0.1";
    static final String B = "198.18.0.2";
    static final String LINK = "veth-ikd";

    final Netns a;
    final Netns b;
    private final Netns middle;
    private final Path dir;
    private Process bridge;

    private LossyWire(Netns a, Netns b, Netns middle, Path dir) {
        this.a = a;
        this.b = b;
        this.middle = middle;
        this.dir = dir;
    }

    static LossyWire create(String prefix, Path dir) {
        Netns a = Netns.create(prefix + "-a");
        Netns b = Netns.create(prefix + "-b");
        Netns m = Netns.create(prefix + "-m");
        LossyWire w = new LossyWire(a, b, m, dir);
        try {
            m.ip("link", "add", "to-a", "type", "veth", "peer", "name", LINK, "netns", a.name());
            m.ip("link", "add", "to-b", "type", "veth", "peer", "name", LINK, "netns", b.name());
            a.ip("addr", "add", A + "/24", "dev", LINK);
            b.ip("addr", "add", B + "/24", "dev", LINK);
            for (String l : List.of("to-a", "to-b")) {
                m.exec(10, "sysctl", "-qw", "net.ipv6.conf." + l + ".disable_ipv6=1");
                m.ip("link", "set", l, "up");
            }
            a.ip("link", "set", LINK, "up");
            b.ip("link", "set", LINK, "up");
            w.startBridge();
            return w;
        } catch (RuntimeException e) {
            w.close();
            throw e;
        }
    }

    private void startBridge() {
        try (InputStream in = LossyWire.class.getResourceAsStream("impair.py")) {
            Files.createDirectories(dir);
            Files.write(dir.resolve("impair.py"), in.readAllBytes());
            impair(0, 0, 0, 0);
            List<String> argv = new ArrayList<>(middle.execPrefix());
            argv.addAll(List.of("python3", dir.resolve("impair.py").toString(), "to-a", "to-b", dir.resolve("settings").toString(),
                    dir.resolve("stop").toString(), "300"));
            bridge = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(dir.resolve("impair.out").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** From now on: drop {@code loss} %, duplicate {@code dup} %, hold back {@code reorder} % of the frames by {@code delayMs}. */
    void impair(int loss, int dup, int reorder, int delayMs) {
        try {
            Path tmp = dir.resolve("settings.new");
            Files.writeString(tmp, loss + " " + dup + " " + reorder + " " + delayMs + "\n");
            Files.move(tmp, dir.resolve("settings"), java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Thread.sleep(300);                // the bridge reads its settings every 100 ms
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the bridge; what it counted (frames, dropped, duplicated, reordered). */
    String stopBridge() {
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

    @Override
    public void close() {
        stopBridge();
        a.close();
        b.close();
        middle.close();
    }
}
