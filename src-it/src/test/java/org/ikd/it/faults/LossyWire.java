package org.ikd.it.faults;

import java.nio.file.Path;
import java.util.List;
import org.ikd.it.lab.ImpairedLink;
import org.ikd.it.lab.Netns;

/**
 * Host A and host B (198.18.0.1/24, 198.18.0.2/24, as in TwoHosts) joined through a middle
 * namespace whose {@link ImpairedLink} bridges the two veths with loss, duplication and reordering,
 * set at any time with {@link #impair}. Stands in for netem, which some kernels lack (this CI's).
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
    private ImpairedLink bridge;

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
        bridge = ImpairedLink.start(middle, "to-a", "to-b", dir, ImpairedLink.Impairment.NONE, 300);
    }

    /** From now on: drop {@code loss} %, duplicate {@code dup} %, hold back {@code reorder} % of the frames by {@code delayMs}. */
    void impair(int loss, int dup, int reorder, int delayMs) {
        bridge.set(new ImpairedLink.Impairment(loss, dup, reorder, delayMs, 0, 0));
    }

    /** Stops the bridge; what it counted (frames, dropped, duplicated, reordered). */
    String stopBridge() {
        return bridge == null ? "" : bridge.stop();
    }

    @Override
    public void close() {
        stopBridge();
        a.close();
        b.close();
        middle.close();
    }
}
