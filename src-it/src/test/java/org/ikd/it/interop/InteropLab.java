package org.ikd.it.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.ikd.core.crypto.DhGroupId;
import org.ikd.core.crypto.Secret;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.IkeConfig;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.Filter;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.FilterList;
import org.ikd.core.policy.MainModeMethod;
import org.ikd.core.policy.MainModeSettings;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Rule;
import org.ikd.core.policy.SecurityMethod;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.ikd.it.lab.Charon;
import org.ikd.it.lab.SwanctlConf;
import org.ikd.it.lab.TwoHosts;

/**
 * One interop run: host A (ikd, in the test JVM) and host B (charon) joined by a veth, a tunnel
 * between 198.19.1.0/24 and 198.19.2.0/24, UDP encapsulation forced on both sides (charon's
 * kernel-libipsec knows nothing else). Closing it stops ikd, then charon, then deletes the namespaces,
 * each step even if an earlier one failed.
 */
final class InteropLab implements AutoCloseable {
    static final InetAddress IKD = address(TwoHosts.A);
    static final InetAddress CHARON = address(TwoHosts.B);
    static final String RULE = "net";
    private static final int LOG_TAIL_LINES = 60;
    /** {@code -Dikd.interop.keep=true} keeps charon's state directory (config, full log) after the test. */
    private static final boolean KEEP = Boolean.getBoolean("ikd.interop.keep");

    final TwoHosts hosts;
    final Charon charon;
    final IkdInNamespace ikd;
    private final Path dir;

    private InteropLab(TwoHosts hosts, Charon charon, IkdInNamespace ikd, Path dir) {
        this.hosts = hosts;
        this.charon = charon;
        this.ikd = ikd;
        this.dir = dir;
    }

    /** Starts charon with {@code charonPsk} and ikd with {@code ikdPsk}, both offering {@code p}. */
    static InteropLab start(InteropProposal p, String charonPsk, String ikdPsk, IkeConfig config) throws Exception {
        return start(p, charonPsk, ikdPsk, config, UnaryOperator.identity());
    }

    /** The same, with charon's swanctl.conf rewritten by {@code editConf} (tests of refusals). */
    static InteropLab start(InteropProposal p, String charonPsk, String ikdPsk, IkeConfig config,
                            UnaryOperator<String> editConf) throws Exception {
        Path dir = Files.createTempDirectory("ikd-iop-");
        TwoHosts hosts = TwoHosts.create("ikd-iop");
        Charon charon = null;
        try {
            charon = Charon.start(hosts.b, dir.resolve("charon"), new SwanctlConf(TwoHosts.B, TwoHosts.A, TwoHosts.NET_B,
                    TwoHosts.NET_A, p.charonIke, p.charonEsp, charonPsk, "none").render().transform(editConf));
            IkdInNamespace ikd = IkdInNamespace.start(hosts.a, IKD, policy(p, ikdPsk), config);
            return new InteropLab(hosts, charon, ikd, dir);
        } catch (Exception | Error e) {
            if (charon != null) charon.close();
            hosts.close();
            delete(dir);
            throw e;
        }
    }

    /** ikd's side: one tunnel-mode rule to charon with {@code p}'s methods and a pre-shared key. */
    static Policy policy(InteropProposal p, String psk) {
        return policy(p.mainMode, p.method, p.pfs, psk);
    }

    static Policy policy(MainModeMethod mainMode, SecurityMethod method, DhGroupId pfs, String psk) {
        Rule rule = new Rule(RULE, new FilterList(RULE, List.of(new Filter(flow(), true))),
                new FilterAction.Negotiate(RULE, List.of(method), pfs != null, pfs, false, false),
                List.of(new AuthenticationMethod.PreSharedKey(Secret.of(psk.getBytes(StandardCharsets.UTF_8)), "interop test")),
                CHARON, IKD, false);
        return new Policy("interop", new MainModeSettings(List.of(mainMode), 28800, false, 0), List.of(rule));
    }

    /** ikd's outbound traffic: its inner network to charon's. */
    static Selector flow() {
        return Selector.between(Subnet.parse(TwoHosts.NET_A), Subnet.parse(TwoHosts.NET_B));
    }

    static AcquireRequest acquire() {
        return new AcquireRequest(RULE, flow(), IKD, CHARON);
    }

    /** {@code swanctl --initiate --child net}: charon starts Main Mode and Quick Mode. */
    org.ikd.it.lab.Command.Result charonInitiates() {
        return charon.swanctlResult("--initiate", "--child", RULE, "--timeout", "20");
    }

    SwanctlSas charonSas() {
        return SwanctlSas.parse(charon.swanctl("--list-sas", "--raw"));
    }

    /** Polls charon's SAs until {@code wanted} holds; fails with both sides' story after {@code timeout}. */
    SwanctlSas awaitCharon(Predicate<SwanctlSas> wanted, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        SwanctlSas sas = charonSas();
        while (!wanted.test(sas)) {
            if (System.nanoTime() > deadline)
                throw new AssertionError(diagnostics("charon never showed " + what + " within " + timeout.toSeconds()
                        + " s; its last list-sas: " + sas));
            Thread.sleep(100);
            sas = charonSas();
        }
        return sas;
    }

    /** {@code headline}, then the tail of charon's log and every ikd event: what a failure message needs. */
    String diagnostics(String headline) {
        List<String> lines = charon.log().lines().toList();
        List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
        return headline + "\n--- charon log (last " + tail.size() + " lines of " + dir.resolve("charon/charon.log")
                + (KEEP ? "" : ", deleted after the test unless -Dikd.interop.keep=true") + ") ---\n" + String.join("\n", tail)
                + "\n--- ikd events ---\n" + ikd.describeEvents() + "--- ikd counters ---\n" + ikd.statistics();
    }

    @Override
    public void close() throws Exception {
        try {
            ikd.close();
        } finally {
            try {
                charon.close();
            } finally {
                try {
                    hosts.close();
                } finally {
                    if (!KEEP) delete(dir);
                }
            }
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
