package org.ikd.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The capabilities {@code ikd run} needs (capability.h numbers), checked before anything starts so
 * that a missing one is one line naming it, not an EPERM from nft or a socket deep in the start-up.
 * conf/ikd.service grants exactly these (AmbientCapabilities=).
 */
final class Capabilities {
    /** One needed capability: its bit, its name and what ikd uses it for. */
    record Needed(int bit, String name, String use) {}

    static final List<Needed> NEEDED = List.of(
            new Needed(12, "CAP_NET_ADMIN", "TUN device, routes, nftables"),
            new Needed(13, "CAP_NET_RAW", "ESP and AH sockets"),
            new Needed(10, "CAP_NET_BIND_SERVICE", "UDP port 500"));

    private Capabilities() {}

    /**
     * The needed capabilities missing from {@code status} (the text of /proc/self/status, CapEff),
     * empty when they are all there or the line is absent (not Linux: nothing to say up front).
     * CAP_NET_BIND_SERVICE is not needed when {@code unprivilegedPortStart} is 500 or less.
     */
    static List<Needed> missing(String status, int unprivilegedPortStart) {
        Long effective = null;
        for (String line : status.split("\n"))
            if (line.startsWith("CapEff:")) effective = Long.parseUnsignedLong(line.substring(7).trim(), 16);
        List<Needed> out = new ArrayList<>();
        if (effective == null) return out;
        for (Needed n : NEEDED) {
            if (n.bit() == 10 && unprivilegedPortStart <= 500) continue;
            if ((effective >>> n.bit() & 1) == 0) out.add(n);
        }
        return out;
    }

    /** The one line {@code ikd run} prints when some are missing, or null. */
    static String refusal(List<Needed> missing) {
        if (missing.isEmpty()) return null;
        StringBuilder b = new StringBuilder("ikd: cannot start: missing ");
        for (int i = 0; i < missing.size(); i++)
            b.append(i == 0 ? "" : ", ").append(missing.get(i).name()).append(" (").append(missing.get(i).use()).append(')');
        return b.append("; run ikd as root, or with these capabilities as conf/ikd.service grants them (AmbientCapabilities=)").toString();
    }

    /**
     * A /proc/sys value in one read: the kernel answers only a read at offset 0 (Files.readString,
     * which reads a zero-size file byte by byte at first, got "1" of "1024").
     */
    private static String sysctl(Path p) throws IOException {
        try (var in = Files.newInputStream(p)) {
            return new String(in.readNBytes(64), java.nio.charset.StandardCharsets.US_ASCII).trim();
        }
    }

    /** What this process lacks, read from /proc (empty where /proc cannot be read). */
    static List<Needed> missingHere() {
        try {
            String status = Files.readString(Path.of("/proc/self/status"));
            Path ports = Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start");
            int start = Files.isReadable(ports) ? Integer.parseInt(sysctl(ports)) : 1024;
            return missing(status, start);
        } catch (IOException | RuntimeException e) {
            return List.of();                               // the start-up itself then says what fails
        }
    }
}
