package org.ikd.it.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * tshark on one link of a namespace, written to a pcapng file, then read back: {@link #stop} as one
 * {@link Packet} per IPv4 packet, {@link #rows} as tab-separated fields of the packets a display
 * filter matches (with the key tables of {@code ikdctl keys --wireshark} it decrypts Quick Mode and
 * ESP). Only the tshark started here is ever signalled; every wait is bounded.
 *
 * <p>Neither end of a capture is taken on trust. tshark says "Capturing on" before dumpcap has even
 * opened the link, and on SIGTERM dumpcap drops what its ring still holds; both lost packets in CI
 * (Main Mode missing from the start, the last TCP segments from the end). So on an Ethernet link a
 * probe frame (ethertype 0x88B5, IEEE 802 local experimental, never IP) is sent on the link and the
 * capture counts as begun, or as complete, only once the probe is in the file. Probes are left out
 * of {@link #stop} and {@link #rows}.
 */
public final class WireCapture implements AutoCloseable {
    /** One IPv4 packet as tshark dissects it; {@code udpPort} and {@code ahNextHeader} are -1 when absent. */
    public record Packet(String source, String destination, int protocol, int length, int udpPort, int ahNextHeader) {
        static Packet parse(String line) {
            String[] f = line.split("\t", -1);
            return new Packet(f[0], f[1], number(f[2]), number(f[3]), number(f[4]), number(f[5]));
        }

        private static int number(String s) {
            return s.isBlank() ? -1 : Integer.decode(s.strip());
        }

        public boolean between(String a, String b) {
            return source.equals(a) && destination.equals(b) || source.equals(b) && destination.equals(a);
        }

        /** UDP 500 or 4500: IKE (RFC 2409) or NAT-T (RFC 3947), which travel outside the SAs. */
        public boolean isIke() {
            return protocol == 17 && (udpPort == 500 || udpPort == 4500);
        }
    }

    /** IEEE 802 local experimental ethertype 1: what a probe frame carries. */
    private static final String PROBE_ETHERTYPE = "0x88b5";
    /** Sends one broadcast frame of ethertype 0x88B5 carrying argv[2] on link argv[1]. */
    private static final String PROBE_SENDER = "import socket,sys\n"
            + "s=socket.socket(socket.AF_PACKET,socket.SOCK_RAW)\n"
            + "s.bind((sys.argv[1],0))\n"
            + "s.send(b'\\xff'*6+s.getsockname()[4]+b'\\x88\\xb5'+sys.argv[2].encode().ljust(46,b'.'))\n";

    private final Netns ns;
    private final String link;
    private final Path file;
    private final Path log;
    private final Process tshark;
    private int probes;

    private WireCapture(Netns ns, String link, Path file, Path log, Process tshark) {
        this.ns = ns;
        this.link = link;
        this.file = file;
        this.log = log;
        this.tshark = tshark;
    }

    /** Starts tshark on {@code link} in {@code ns}; {@link #awaitCapturing} waits until it captures. */
    public static WireCapture launch(Netns ns, String link, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("capture.pcapng");
        Path log = dir.resolve("tshark.log");
        Files.writeString(log, "");
        List<String> argv = new ArrayList<>(ns.execPrefix());
        // -B: a 64 MiB kernel buffer, so that a two-core machine busy with crypto drops nothing
        argv.addAll(List.of("tshark", "-i", link, "-B", "64", "-q", "-w", file.toString()));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new WireCapture(ns, link, file, log, p);
    }

    /** {@link #launch}, then {@link #awaitCapturing}; stops tshark again if it does not capture. */
    public static WireCapture start(Netns ns, String link, Path dir) throws IOException {
        WireCapture c = launch(ns, link, dir);
        try {
            c.awaitCapturing();
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * Waits (≤ 20 s) until dumpcap has opened the link and its file ("Capture started.", logged after
     * both), then until a probe sent on the link is in the file.
     */
    public void awaitCapturing() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.readString(log).contains("Capture started")) {
            if (!tshark.isAlive() || System.nanoTime() > deadline)
                throw new IllegalStateException("tshark did not start capturing:\n" + Files.readString(log));
            IkdNode.sleep(50);
        }
        awaitProbe("the start");
    }

    /**
     * Sends a probe on the link and waits (≤ 20 s) until dumpcap has written it: everything the link
     * carried before it is then in the file too. Does nothing on a link without Ethernet framing.
     */
    private void awaitProbe(String what) throws IOException {
        if (!tshark.isAlive() || !ns.ip("-o", "link", "show", "dev", link).contains("link/ether")) return;
        String marker = "IKD-CAPTURE-PROBE-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + "-" + ++probes;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long nextSend = 0;
        while (!rawBytesContain(marker)) {
            if (!tshark.isAlive() || System.nanoTime() > deadline)
                throw new IllegalStateException("the capture on " + link + " never showed its probe for " + what + ":\n"
                        + Files.readString(log));
            if (System.nanoTime() >= nextSend) {       // resent each second: the first may precede the socket
                ns.exec(10, "python3", "-c", PROBE_SENDER, link, marker).orThrow(List.of("python3", "probe", link));
                nextSend = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            }
            IkdNode.sleep(50);
        }
    }

    /** Stops tshark (SIGTERM: it finishes the file) and returns every IPv4 packet captured (first occurrences only). */
    public List<Packet> stop() throws IOException {
        finish();
        List<String> argv = List.of("tshark", "-r", file.toString(), "-Y", "ip", "-T", "fields", "-E", "occurrence=f",
                "-e", "ip.src", "-e", "ip.dst", "-e", "ip.proto", "-e", "ip.len", "-e", "udp.dstport", "-e", "ah.next_header");
        Command.Result r = Command.run(argv, 60).orThrow(argv);
        List<Packet> packets = new ArrayList<>();
        for (String line : r.stdout().split("\n")) if (!line.isBlank()) packets.add(Packet.parse(line));
        return packets;
    }

    /**
     * Stops capturing (SIGTERM, so the file is complete) and returns one row per packet matching
     * {@code filter}: the {@code fields}' values (all occurrences, comma-separated). {@code keys}: a
     * directory of Wireshark key tables (ikev1_decryption_table, esp_sa) or null.
     */
    public List<String[]> rows(Path keys, String filter, String... fields) throws IOException, InterruptedException {
        finish();
        List<String> argv = new ArrayList<>(List.of("tshark", "-r", file.toString(), "-o", "esp.enable_encryption_decode:TRUE",
                "-Y", "(" + filter + ") && !(eth.type == " + PROBE_ETHERTYPE + ")", "-T", "fields", "-E", "separator=/t"));
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

    /** Whether {@code text} occurs anywhere in the raw capture file (headers, payloads, all). */
    public boolean rawBytesContain(String text) throws IOException {
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
    public String log() throws IOException {
        return Files.readString(log);
    }

    /** Waits until the link's last packets are in the file ({@link #awaitProbe}), then stops tshark. */
    private void finish() throws IOException {
        if (tshark.isAlive()) awaitProbe("the end");
        close();
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
