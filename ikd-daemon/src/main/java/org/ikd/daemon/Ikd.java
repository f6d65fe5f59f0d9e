package org.ikd.daemon;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ikd.core.policy.Subnet;
import org.ikd.daemon.control.Version;
import org.ikd.daemon.policyfile.HostAddresses;
import org.ikd.daemon.policyfile.PolicyCheck;
import org.ikd.daemon.policyfile.PolicyFileParser;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code ikd} command: {@code run} (the daemon, see {@link RunCommand}), {@code check FILE},
 * {@code train} (see {@link Train}), {@code --version} and {@code --help}; anything else is a usage
 * error (exit status 2).
 */
@Command(name = "ikd", mixinStandardHelpOptions = true, versionProvider = Ikd.Banner.class,
        description = "Userspace IKEv1/IPsec daemon.", subcommands = {Ikd.Check.class, RunCommand.class, Train.class})
public final class Ikd implements Callable<Integer> {
    static final int USAGE = CommandLine.ExitCode.USAGE;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        // Netty 4.2's buffer allocators declare JFR events; the first IKE datagram sent or received
        // then loaded JDK Flight Recorder's machinery (~300 classes, 0.3-0.4 s on the 2-core VM),
        // on each peer, inside the first negotiation. ikd does not record allocator events; set
        // -Dio.netty.jfr.enabled=true to have them back.
        if (System.getProperty("io.netty.jfr.enabled") == null) System.setProperty("io.netty.jfr.enabled", "false");
        System.exit(run(args, System.out, System.err));
    }

    /** Runs {@code ikd args} and returns its exit status: 0 success, 1 failure, 2 usage error. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        try {
            return new CommandLine(new Ikd()).setOut(o).setErr(e).execute(args);
        } finally {
            o.flush();
            e.flush();
        }
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("ikd: no command given (expected: check FILE, train, --version or --help; or run --config FILE)");
        spec.commandLine().usage(err);
        return USAGE;
    }

    /** {@code ikd --version}: the banner Maven stamped. */
    static final class Banner implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {Version.banner()};
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Ikd.Banner.class,
            description = {"Validate a policy file without starting ikd.",
                    "Exit status: 0 valid, 1 invalid, 2 usage error."})
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "the policy file, e.g. /etc/ikd/policy.toml")
        Path file;

        @Option(names = "--local-address", paramLabel = "ADDR",
                description = "what 'me' means (repeatable); default: this host's addresses, unless the file sets local-addresses")
        List<String> localAddresses = new ArrayList<>();

        @Override
        public Integer call() {
            List<InetAddress> me = localAddresses.isEmpty() ? HostAddresses.current() : parse(localAddresses);
            return new PolicyCheck(new PolicyFileParser(me).withoutKdc()).run(file, spec.commandLine().getOut(), spec.commandLine().getErr());
        }

        private List<InetAddress> parse(List<String> texts) {
            List<InetAddress> out = new ArrayList<>();
            for (String t : texts) {
                try {
                    Subnet s = Subnet.parse(t);
                    if (!s.isHost() || t.contains("/")) throw new IllegalArgumentException("a prefix");
                    out.add(s.network());
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "--local-address " + t + " is not an IP address (expected: e.g. 198.18.0.1 or 2001:db8::1)");
                }
            }
            return out;
        }
    }
}
