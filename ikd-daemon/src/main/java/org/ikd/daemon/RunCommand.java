package org.ikd.daemon;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.ikd.daemon.control.ControlException;
import org.ikd.daemon.control.ControlSettings;
import org.ikd.daemon.control.InstanceLock;
import org.ikd.daemon.policyfile.PolicyFileException;
import org.ikd.daemon.systemd.SdNotify;
import org.ikd.daemon.systemd.UnixDatagramTransport;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * {@code ikd run}: starts the daemon in the foreground and keeps it until SIGTERM or SIGINT
 * (graceful stop: Deletes, full cleanup, exit status 0). SIGHUP reloads the policy file.
 * Signals are taken with {@code sun.misc.Signal} (module jdk.unsupported): the JDK has no
 * supported API for SIGHUP, and a shutdown hook cannot tell TERM from HUP nor keep running.
 * Without CAP_NET_ADMIN, CAP_NET_RAW or CAP_NET_BIND_SERVICE it stops at once with one line that
 * names what is missing ({@link Capabilities}).
 * Exit status: 0 after a stop, 1 when it cannot start, 2 for a usage error.
 */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Ikd.Banner.class,
        description = {"Run the daemon in the foreground (systemd: Type=notify).",
                "SIGHUP reloads the policy; SIGTERM stops gracefully."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the policy file, e.g. /etc/ikd/policy.toml")
    Path config;

    @Option(names = "--debug-secrets", description = "write IKE and IPsec keys into the Oakley log (debugging only; warns)")
    boolean debugSecrets;

    @Option(names = "--control-socket", paramLabel = "PATH", description = "the control socket (default: /run/ikd/ikd.sock)")
    Path controlSocket;

    @Option(names = "--queues", paramLabel = "N", description = "TUN queues, each with its own outbound and inbound pumps"
            + " (1..16; default: the cores available, at most 16)")
    Integer queues;

    @Option(names = "--log-dir", paramLabel = "DIR", description = "where oakley.log goes (default: /var/log/ikd)")
    Path logDir;

    @Override
    public Integer call() throws InterruptedException {
        if (logDir != null) System.setProperty("ikd.log.dir", logDir.toString());   // before logback reads its configuration
        PrintWriter err = spec.commandLine().getErr();
        String refusal = Capabilities.refusal(Capabilities.missingHere());
        if (refusal != null) {
            err.println(refusal);
            return 1;
        }
        if (queues != null && (queues < 1 || queues > 16)) {
            err.println("ikd: --queues " + queues + " (expected: 1..16)");
            return 2;
        }
        DaemonOptions options = DaemonOptions.of(config, debugSecrets, controlSocket == null ? ControlSettings.DEFAULT_SOCKET : controlSocket,
                queues == null ? DaemonOptions.defaultQueues() : queues);
        SdNotify notify = SdNotify.fromEnvironment(System.getenv(), new UnixDatagramTransport());
        Daemon daemon;
        try {
            daemon = Daemon.start(options, notify);
        } catch (PolicyFileException | InstanceLock.HeldException e) {
            err.println("ikd: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            LoggerFactory.getLogger(RunCommand.class).error("ikd cannot start", e);
            err.println("ikd: cannot start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("HUP"), s -> reload(daemon));
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        stop.await();
        daemon.stop();
        return 0;
    }

    private static void reload(Daemon daemon) {
        try {
            daemon.reload();
        } catch (ControlException e) {
            LoggerFactory.getLogger(RunCommand.class).warn("SIGHUP: {}", e.getMessage());
        }
    }

}
