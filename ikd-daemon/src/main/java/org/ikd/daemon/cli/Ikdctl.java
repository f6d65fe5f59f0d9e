package org.ikd.daemon.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.ikd.daemon.control.Version;
import org.ikd.daemon.control.ControlClient;
import org.ikd.daemon.control.ControlException;
import org.ikd.daemon.control.ControlSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code ikdctl}: inspects and controls a running ikd through its control socket. Each
 * subcommand makes one request (monitor one per refresh) and renders the answer.
 */
@Command(name = "ikdctl", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = Ikdctl.VersionText.class,
        description = "Inspects and controls the running ikd daemon through its control socket.",
        subcommands = {ShowCommand.class, StatsCommand.class, MonitorCommand.class, LogCommand.class, LogCommand.Events.class,
                OakleyLogCommand.class, InitiateCommand.class, DownCommand.class, RekeyCommand.class, DeleteCommand.class, ReloadCommand.class,
                PolicyCommand.class, DiagCommand.class, KeysCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success",
                "1:ikd refused or failed the command (unknown rule or SA, invalid rule, failed diag check)",
                "2:bad arguments (the usage is printed)",
                "3:ikd is not running",
                "4:permission denied (run as root or as a member of group ikd)",
                "5:ikd did not answer (timeout, busy, or an unreadable answer)"})
public final class Ikdctl implements Callable<Integer> {
    @Option(names = "--socket", paramLabel = "PATH", scope = ScopeType.INHERIT,
            description = "the daemon's control socket (default: /run/ikd/ikd.sock)")
    Path socket = ControlSettings.DEFAULT_SOCKET;

    @Option(names = "--timeout", paramLabel = "SECONDS", scope = ScopeType.INHERIT,
            description = "how long to wait for ikd's answer (default: 10)")
    double timeoutSeconds = ControlClient.DEFAULT_TIMEOUT.toSeconds();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Terminal terminal;

    Ikdctl(Terminal terminal) {
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(args, new Terminal(out, err, Clock.systemDefaultZone(), System.console() != null)));
    }

    /** Runs one ikdctl command line in this JVM (scripts, integration tests); returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, new Terminal(out, err, Clock.systemDefaultZone(), false));
    }

    /** The command tree alone, for the manual page and shell completion made at build time. */
    public static CommandLine commandLine() {
        PrintWriter none = new PrintWriter(java.io.Writer.nullWriter());
        return new CommandLine(new Ikdctl(new Terminal(none, none, Clock.systemUTC(), false)));
    }

    /** Runs one ikdctl command line; returns the exit code. */
    static int run(String[] args, Terminal terminal) {
        CommandLine cmd = new CommandLine(new Ikdctl(terminal));
        cmd.setOut(terminal.out()).setErr(terminal.err());
        cmd.setExecutionExceptionHandler((e, commandLine, parsed) -> failed(e, terminal));
        int code = cmd.execute(args);
        terminal.out().flush();
        terminal.err().flush();
        return code;
    }

    private static int failed(Exception e, Terminal terminal) {
        if (e instanceof ControlException c) {
            terminal.err().println(c.getMessage());
            return ExitStatus.of(c.code()).code;
        }
        if (e instanceof java.io.IOException io) {
            terminal.err().println("ikdctl: " + io.getMessage());
            return ExitStatus.FAILED.code;
        }
        terminal.err().println("ikdctl: unexpected error: " + e);
        return ExitStatus.FAILED.code;
    }

    /** {@code ikdctl} alone: the usage, as a usage error. */
    @Override
    public Integer call() {
        terminal.err().println("ikdctl: which command? (expected: show, stats, monitor, log, events, oakley-log, initiate, down, rekey, delete, reload, policy, diag or keys)");
        spec.commandLine().usage(terminal.err());
        return ExitStatus.USAGE.code;
    }

    ControlClient client() {
        if (!(timeoutSeconds > 0))
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be more than 0 seconds, not " + timeoutSeconds);
        return new ControlClient(socket, Duration.ofMillis((long) (timeoutSeconds * 1000)));
    }

    Terminal terminal() {
        return terminal;
    }

    static final class VersionText implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ikdctl " + Version.current()};
        }
    }
}
