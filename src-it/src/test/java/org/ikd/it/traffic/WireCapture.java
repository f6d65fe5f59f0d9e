package org.ikd.it.traffic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Netns;

/**
 * tshark on one link of a namespace, written to a pcapng file, then read back as one line per IPv4
 * packet (ip.src, ip.dst, ip.proto, ip.len, udp.dstport, ah.next_header; first occurrence, so an
 * ICMP error's quoted header does not count). Only the tshark started here is ever signalled.
 */
final class WireCapture implements AutoCloseable {
    /** One IPv4 packet as tshark dissects it; {@code udpPort} and {@code ahNextHeader} are -1 when absent. */
    record Packet(String source, String destination, int protocol, int length, int udpPort, int ahNextHeader) {
        static Packet parse(String line) {
            String[] f = line.split("\t", -1);
            return new Packet(f[0], f[1], number(f[2]), number(f[3]), number(f[4]), number(f[5]));
        }

        private static int number(String s) {
            return s.isBlank() ? -1 : Integer.decode(s.strip());
        }

        boolean between(String a, String b) {
            return source.equals(a) && destination.equals(b) || source.equals(b) && destination.equals(a);
        }

        /** UDP 500 or 4500: IKE (RFC 2409) or NAT-T (RFC 3947), which travel outside the SAs. */
        boolean isIke() {
            return protocol == 17 && (udpPort == 500 || udpPort == 4500);
        }
    }

    private final Path file;
    private final Path log;
    private final Process tshark;

    private WireCapture(Path file, Path log, Process tshark) {
        this.file = file;
        this.log = log;
        this.tshark = tshark;
    }

    /** Starts tshark on {@code link} in {@code ns}; {@link #awaitCapturing} waits until it captures. */
    static WireCapture launch(Netns ns, String link, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("capture.pcapng");
        Path log = dir.resolve("tshark.log");
        Files.writeString(log, "");
        List<String> argv = new ArrayList<>(ns.execPrefix());
        // -B: a 64 MiB kernel buffer, so that a two-core machine busy with crypto drops nothing
        argv.addAll(List.of("tshark", "-i", link, "-B", "64", "-q", "-w", file.toString()));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new WireCapture(file, log, p);
    }

    void awaitCapturing() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.readString(log).contains("Capturing on")) {
            if (!tshark.isAlive() || System.nanoTime() > deadline)
                throw new IllegalStateException("tshark did not start capturing:\n" + Files.readString(log));
            IkdNode.sleep(50);
        }
    }

    /** Stops tshark (SIGTERM: it finishes the file) and returns every IPv4 packet captured. */
    List<Packet> stop() throws IOException {
        close();
        List<String> argv = List.of("tshark", "-r", file.toString(), "-Y", "ip", "-T", "fields", "-E", "occurrence=f",
                "-e", "ip.src", "-e", "ip.dst", "-e", "ip.proto", "-e", "ip.len", "-e", "udp.dstport", "-e", "ah.next_header");
        Command.Result r = Command.run(argv, 60).orThrow(argv);
        List<Packet> packets = new ArrayList<>();
        for (String line : r.stdout().split("\n")) if (!line.isBlank()) packets.add(Packet.parse(line));
        return packets;
    }

    /** Whether {@code text} occurs anywhere in the raw capture file (headers, payloads, all). */
    boolean rawBytesContain(String text) throws IOException {
        byte[] raw = Files.readAllBytes(file);
        byte[] needle = text.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + needle.length <= raw.length; i++) {
            for (int j = 0; j < needle.length; j++) if (raw[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }

    /** What tshark said, e.g. how many packets it captured or dropped. */
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
