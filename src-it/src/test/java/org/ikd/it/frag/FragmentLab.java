package org.ikd.it.frag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Netns;
import org.ikd.it.lab.PolicyToml;
import org.ikd.it.lab.TwoHosts;
import org.ikd.tun.posix.NetNamespace;

/**
 * The lab of {@link FragmentedIkeIT}: namespaces ikf-a-* (ikd, protecting B) and ikf-b-* (the peer,
 * a UDP socket of this JVM) joined by the 1500-byte veth of {@link TwoHosts}, IPv6 addresses added
 * without DAD. In A, a table of the test ({@code inet ikffrag}) counts B's non-first fragments at
 * prerouting priority -350: after the priority where nf_defrag reassembles when conntrack is in use
 * (-400), before ikd's chain (-300). Nothing in either namespace uses conntrack.
 */
record FragmentLab(Family family, TwoHosts hosts, IkdNode ikd, Path dir) implements AutoCloseable {
    /** One address family: A's and B's addresses, how nft names a source and a non-first fragment. */
    enum Family {
        IPV4(TwoHosts.A, TwoHosts.B, StandardProtocolFamily.INET, "ip saddr", "ip frag-off & 0x1fff != 0"),       // RFC 791 §3.1
        IPV6("2001:2::1", "2001:2::2", StandardProtocolFamily.INET6, "ip6 saddr", "frag frag-off != 0");         // RFC 8200 §4.5

        private final String a;
        private final String b;
        private final StandardProtocolFamily socket;
        private final String saddr;
        private final String nonFirstFragment;

        Family(String a, String b, StandardProtocolFamily socket, String saddr, String nonFirstFragment) {
            this.a = a;
            this.b = b;
            this.socket = socket;
            this.saddr = saddr;
            this.nonFirstFragment = nonFirstFragment;
        }

        String b() {
            return b;
        }
    }

    private static final Pattern COUNTER = Pattern.compile("counter packets (\\d+) bytes \\d+ comment \"non-first\"");
    private static final Pattern NO_CONNTRACK = Pattern.compile("\\b(ct|notrack|tproxy|socket)\\b");

    static FragmentLab start(Family family) throws Exception {
        Path dir = Files.createTempDirectory("ikf-");
        TwoHosts hosts = TwoHosts.create("ikf");
        try {
            if (family == Family.IPV6) {
                hosts.a.ip("-6", "addr", "add", family.a + "/64", "dev", TwoHosts.LINK, "nodad");
                hosts.b.ip("-6", "addr", "add", family.b + "/64", "dev", TwoHosts.LINK, "nodad");
            }
            nft(hosts.a, """
                table inet ikffrag {
                    chain pre {
                        type filter hook prerouting priority -350; policy accept;
                        %s %s %s counter comment "non-first"
                    }
                }
                """.formatted(family.saddr, family.b, family.nonFirstFragment));
            String policy = PolicyToml.transport("it-frag", family.a, family.b, "esp", "esp = \"aes128gcm16\"");
            IkdNode ikd = IkdNode.start(hosts.a, dir.resolve("ikd"), policy);
            return new FragmentLab(family, hosts, ikd, dir);
        } catch (Exception | Error e) {
            hosts.close();
            delete(dir);
            throw e;
        }
    }

    /** ikd's table drops B's cleartext: {@code ip saddr B counter ... drop}. */
    boolean ikdDropsPeer() {
        return Pattern.compile(Pattern.quote(family.saddr + " " + family.b) + " counter packets \\d+ bytes \\d+ drop")
                .matcher(ruleset()).find();
    }

    /**
     * Sends {@code datagram} from B's UDP 500 to A's UDP {@code port}, on a thread inside B's
     * namespace, and waits at most {@code within} for one datagram back; null if none came.
     */
    byte[] sendFromPeer(byte[] datagram, int port, Duration within) throws Exception {
        return inside(hosts.b, () -> exchange(datagram, port, within), within.plusSeconds(10));
    }

    /** A UDP socket of A's on {@code port}, non-blocking, opened inside A's namespace. */
    DatagramChannel openInA(int port) throws Exception {
        return inside(hosts.a, () -> {
            DatagramChannel ch = DatagramChannel.open(family.socket);
            ch.bind(new InetSocketAddress(InetAddress.getByName(family.a), port));
            ch.configureBlocking(false);
            return ch;
        }, Duration.ofSeconds(10));
    }

    private static <T> T inside(Netns netns, Callable<T> task, Duration within) throws Exception {
        ExecutorService inside = Executors.newSingleThreadExecutor(r -> new Thread(r, "ikf-" + netns.name()));
        try {
            return inside.submit(() -> {
                try (NetNamespace ns = NetNamespace.enter(netns.name())) {
                    return task.call();
                }
            }).get(within.toSeconds(), TimeUnit.SECONDS);
        } finally {
            inside.shutdownNow();
        }
    }

    private byte[] exchange(byte[] datagram, int port, Duration within) throws Exception {
        try (DatagramChannel ch = DatagramChannel.open(family.socket); Selector selector = Selector.open()) {
            ch.bind(new InetSocketAddress(InetAddress.getByName(family.b), 500));
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ);
            InetSocketAddress a = new InetSocketAddress(InetAddress.getByName(family.a), port);
            if (ch.send(ByteBuffer.wrap(datagram), a) != datagram.length) throw new IllegalStateException("the datagram was not sent whole");
            ByteBuffer in = ByteBuffer.allocate(65_535);
            long deadline = System.nanoTime() + within.toNanos();
            for (long left = within.toMillis(); left > 0; left = (deadline - System.nanoTime()) / 1_000_000) {
                selector.select(left);
                if (ch.receive(in) != null) return Arrays.copyOf(in.array(), in.position());
                selector.selectedKeys().clear();
            }
            return null;
        }
    }

    /** B's non-first fragments that reached A's prerouting hook unreassembled. */
    long nonFirstFragments() {
        Matcher m = COUNTER.matcher(hosts.a.exec(30, "nft", "list", "table", "inet", "ikffrag").stdout());
        if (!m.find()) throw new IllegalStateException("no counter in the test's table:\n" + ruleset());
        return Long.parseLong(m.group(1));
    }

    /**
     * Reassembly in A gives up after one second instead of 30 (IPv4) or 60 (IPv6) s: {@code
     * net.ipv4.ipfrag_time}, {@code net.ipv6.ip6frag_time}, both per namespace.
     */
    void shortenReassemblyTimeout() {
        String key = family == Family.IPV4 ? "net.ipv4.ipfrag_time=1" : "net.ipv6.ip6frag_time=1";
        Command.Result r = hosts.a.exec(10, "sysctl", "-w", key);
        if (r.exitCode() != 0) throw new IllegalStateException("sysctl -w " + key + ": " + r.stderr());
    }

    /** A's datagrams whose reassembly timed out: ReasmTimeout of /proc/net/snmp, Ip6ReasmTimeout of snmp6. */
    long reassemblyTimeouts() {
        if (family == Family.IPV6) {
            Matcher m = Pattern.compile("Ip6ReasmTimeout\\s+(\\d+)").matcher(hosts.a.exec(10, "cat", "/proc/net/snmp6").stdout());
            if (!m.find()) throw new IllegalStateException("no Ip6ReasmTimeout in /proc/net/snmp6");
            return Long.parseLong(m.group(1));
        }
        List<String> ip = hosts.a.exec(10, "cat", "/proc/net/snmp").stdout().lines().filter(l -> l.startsWith("Ip: ")).toList();
        int at = Arrays.asList(ip.get(0).split(" ")).indexOf("ReasmTimeout");
        if (at < 0) throw new IllegalStateException("no ReasmTimeout in /proc/net/snmp: " + ip);
        return Long.parseLong(ip.get(1).split(" ")[at]);
    }

    /** What became of a datagram sent to a socket of A's: the bytes the socket received, or whether reassembly timed out. */
    record Fate(int delivered, boolean expired) {}

    /**
     * Waits at most {@code within} until {@code socket} receives a datagram or {@link #reassemblyTimeouts()}
     * exceeds {@code before}, whichever comes first.
     */
    Fate awaitFate(DatagramChannel socket, long before, Duration within) throws java.io.IOException {
        ByteBuffer in = ByteBuffer.allocate(65_535);
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            if (socket.receive(in) != null) return new Fate(in.position(), false);
            if (reassemblyTimeouts() > before) return new Fate(0, true);
            if (System.nanoTime() > deadline) return new Fate(0, false);
            IkdNode.sleep(100);
        }
    }

    /** The Oakley log line containing {@code text}, waiting at most {@code within}; null if none came. */
    String awaitOakley(String text, Duration within) {
        Pattern line = Pattern.compile("^.*" + Pattern.quote(text) + ".*$", Pattern.MULTILINE);
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            Matcher m = line.matcher(ikd.oakleyLog());
            if (m.find()) return m.group();
            if (System.nanoTime() > deadline) return null;
            IkdNode.sleep(100);
        }
    }

    /**
     * Conntrack never ran in A: no rule there uses it (nor the socket and tproxy expressions, which
     * enable defragmentation alone), and its table in A counts no connection after the exchange.
     */
    void assertNoConntrack() {
        String ruleset = ruleset();
        assertFalse(NO_CONNTRACK.matcher(ruleset).find(), "a rule in A uses conntrack or defragmentation:\n" + ruleset);
        String count = hosts.a.exec(10, "cat", "/proc/sys/net/netfilter/nf_conntrack_count").stdout().strip();
        assertEquals("0", count, "connections tracked in A (net.netfilter.nf_conntrack_count)");
    }

    /** {@code nft list ruleset} of A: ikd's table and the test's. */
    String ruleset() {
        return hosts.a.exec(30, "nft", "list", "ruleset").stdout();
    }

    String diagnostics(String headline) {
        List<String> out = ikd.output().lines().toList();
        return headline + "\n--- nft list ruleset (A) ---\n" + ruleset() + "--- Oakley log ---\n" + ikd.oakleyLog()
                + "--- ikd output (tail) ---\n" + String.join("\n", out.subList(Math.max(0, out.size() - 30), out.size()));
    }

    @Override
    public void close() throws Exception {
        try {
            ikd.close();
        } finally {
            try {
                hosts.close();
            } finally {
                delete(dir);
            }
        }
    }

    private static void nft(Netns ns, String script) {
        List<String> argv = new java.util.ArrayList<>(ns.execPrefix());
        argv.addAll(List.of("sh", "-c", "nft -f - <<'EOF'\n" + script + "EOF\n"));
        Command.run(argv, 30).orThrow(argv);
    }

    private static void delete(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
