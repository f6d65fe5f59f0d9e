package org.ikd.daemon;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.ikd.core.ike.IkeProtocol;
import org.ikd.core.ike.IkeStatistics;
import org.ikd.core.ike.InboundDatagram;
import org.ikd.core.ike.Step;
import org.ikd.core.ike.TimerKey;
import org.ikd.core.ike.transport.EspInUdpSink;
import org.ikd.core.ike.transport.IkeTransport;
import org.ikd.core.ike.transport.TransportConfig;
import org.ikd.daemon.policy.PolicyTranslation;
import org.ikd.daemon.policyfile.HostAddresses;
import org.ikd.daemon.policyfile.ParsedPolicy;
import org.ikd.daemon.policyfile.PolicyFileException;
import org.ikd.daemon.policyfile.PolicyFileParser;
import org.ikd.esp.DataPlane;
import org.ikd.esp.DataPlaneConfig;
import org.ikd.tun.posix.Rtnetlink;
import org.ikd.tun.posix.UnixDatagramSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ikd train}: runs, without root and without side effects, the code {@code ikd run} runs
 * before READY=1, so that a JVM started with {@code -XX:ArchiveClassesAtExit} leaves a class-data
 * archive of it (JDK 17 dynamic AppCDS; docs/operations.md "Start-up"):
 * <ol>
 * <li>logback, with the configuration {@code run} uses (the Oakley log goes to a temporary directory);
 * <li>the policy file ({@code --config}, else a built-in one shaped as conf/demo-a.toml);
 * <li>{@link WarmUp} (Main Mode and Quick Mode in memory);
 * <li>a data plane and the policy's translation into SPD rules and routes, in memory only;
 * <li>the IKE transport (Netty, epoll) bound to 127.0.0.1 on free ports, then closed;
 * <li>jnr-ffi's libc bindings: a NETLINK_ROUTE socket and an AF_UNIX datagram socket, opened and closed.
 * </ol>
 * Exit status: 0 trained, 1 the policy file is invalid or a step failed.
 */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = Ikd.Banner.class,
        description = {"Run the start-up code once, without root or side effects, for a class-data archive.",
                "Under -XX:ArchiveClassesAtExit=FILE the JVM writes the archive at exit (bin/ikd train does)."})
final class Train implements Callable<Integer> {
    /** Shaped as conf/demo-a.toml: one rule, one Main Mode method, ESP with PFS. */
    static final String BUILT_IN_POLICY = """
            name = "train"
            local-addresses = ["198.18.255.1"]
            [main-mode]
            methods = ["aes128-sha256-modp2048"]
            [filter-lists.to-b]
            filters = [ { source = "me", destination = "198.18.255.2" } ]
            [filter-actions.esp]
            action = "negotiate"
            methods = [ { esp = "aes128gcm16" }, { esp = "aes128-sha256" } ]
            pfs = "modp2048"
            [[rules]]
            name = "to-b"
            filter-list = "to-b"
            filter-action = "esp"
            authentication = [ { psk-file = "train.psk" } ]
            dpd = { delay = "10s", timeout = "30s" }
            """;
    private static final int BIND_ATTEMPTS = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "a policy file to train with (default: a built-in one)")
    Path config;

    @Override
    public Integer call() throws Exception {
        Path scratch = Files.createTempDirectory("ikd-train");
        try {
            System.setProperty("ikd.log.dir", scratch.toString());     // before logback reads its configuration
            quietConsole();
            ParsedPolicy policy = new PolicyFileParser().parse(config != null ? config : builtIn(scratch));
            try {
                WarmUp.run(policy.policy());
                translate(policy);
            } finally {
                policy.destroyKeys();
            }
            openTransport();
            openNativeSockets();
            long classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
            spec.commandLine().getOut().println("trained: " + classes + " classes loaded");
            return 0;
        } catch (PolicyFileException e) {
            spec.commandLine().getErr().println("ikd: " + e.getMessage());
            return 1;
        } finally {
            delete(scratch);
        }
    }

    /**
     * Reads the logging configuration as {@code run} does, then keeps INFO lines (warm-up, IKE
     * listening) off the console: train prints one line. The Oakley logger keeps its level.
     */
    private static void quietConsole() {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root)
            root.setLevel(Level.WARN);
    }

    private static Path builtIn(Path dir) throws IOException {
        Path psk = dir.resolve("train.psk");
        Files.writeString(psk, "train-only-not-a-key\n");
        Files.setPosixFilePermissions(psk, PosixFilePermissions.fromString("rw-------"));
        return Files.writeString(dir.resolve("train.toml"), BUILT_IN_POLICY);
    }

    /** As Daemon.startAll before it installs anything: nothing reaches the kernel. */
    private static void translate(ParsedPolicy policy) {
        HostAddresses.current();
        new DataPlane(DataPlaneConfig.defaults(), System::nanoTime).newPacketBuffer();
        PolicyTranslation.of(policy.policy(), policy.meAddresses());
    }

    /** As Daemon.startIke binds UDP 500 and 4500, on loopback ports that were free a moment ago. */
    private static void openTransport() throws IOException, InterruptedException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        IkeProtocol silent = new IkeProtocol() {
            @Override
            public Step receive(InboundDatagram datagram, Instant now) {
                return Step.NONE;
            }

            @Override
            public Step timerFired(TimerKey key, Instant now) {
                return Step.NONE;
            }
        };
        for (int attempt = 1; ; attempt++) {
            TransportConfig config = TransportConfig.standard(List.of(loopback)).withPorts(freePort(loopback), freePort(loopback));
            try (IkeTransport t = IkeTransport.start(config, silent, e -> { }, EspInUdpSink.DISCARD, new IkeStatistics(),
                    Clock.systemUTC())) {
                return;
            } catch (RuntimeException e) {                          // a port taken in between, or the same twice
                if (attempt == BIND_ATTEMPTS) throw e;
            }
        }
    }

    private static int freePort(InetAddress address) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(address, 0))) {
            return s.getLocalPort();
        }
    }

    /** The libc bindings the link layer and sd_notify use; neither socket needs a privilege to open. */
    private static void openNativeSockets() throws IOException {
        try (Rtnetlink routing = Rtnetlink.open()) {
            routing.interfaceIndex("lo");
        }
        UnixDatagramSocket.open().close();
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
