package org.ikd.daemon.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success",
                "1:ikd refused or failed the command (unknown rule or SA, invalid rule, failed diag check)",
                "2:bad arguments (the usage is printed)",
                "3:ikd is not running",
                "4:permission denied (run as root or as a member of group ikd)",
                "5:ikd did not answer (timeout, busy, or an unreadable answer)"})
public final class Ikdctl implements Callable<Integer> {
    /**
     * The subcommands, in the usage text's order. A call builds only the one it names: picocli
     * builds each command from its annotations by reflection, and the whole tree was about half
     * of a call's start-up (docs/performance.md "ikdctl start-up").
     */
    static final List<Map.Entry<String, Class<?>>> SUBCOMMANDS = List.of(
            Map.entry("show", ShowCommand.class), Map.entry("stats", StatsCommand.class),
            Map.entry("monitor", MonitorCommand.class), Map.entry("log", LogCommand.class),
            Map.entry("events", LogCommand.Events.class), Map.entry("oakley-log", OakleyLogCommand.class),
            Map.entry("initiate", InitiateCommand.class), Map.entry("xauth-login", XauthLoginCommand.class),
            Map.entry("down", DownCommand.class),
            Map.entry("rekey", RekeyCommand.class), Map.entry("delete", DeleteCommand.class),
            Map.entry("reload", ReloadCommand.class), Map.entry("policy", PolicyCommand.class),
            Map.entry("diag", DiagCommand.class), Map.entry("keys", KeysCommand.class));

    /** The root's options that take a value: their value is never a subcommand's name. */
    private static final List<String> VALUED_OPTIONS = List.of("--socket", "--timeout");

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
        skipClassPathScans();
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(args, new Terminal(out, err, new Terminal.SystemDefaultZone(), System.console() != null)));
    }

    /**
     * A class or service that is not on the class path is looked for in every jar there, 33 of
     * them, 30-70 ms of a call (docs/performance.md "ikdctl start-up"). picocli's DefaultFactory
     * looks for groovy.lang.Closure; the first socket looks for SelectorProvider services, unless
     * the provider is named (SelectorProvider's documented property; the JDK's own class, when it has it).
     */
    private static void skipClassPathScans() {
        if (System.getProperty("picocli.disable.closures") == null) System.setProperty("picocli.disable.closures", "true");
        String selectors = "java.nio.channels.spi.SelectorProvider";
        String jdkProvider = "sun.nio.ch.EPollSelectorProvider";
        if (System.getProperty(selectors) != null) return;
        try {
            Class.forName(jdkProvider, false, null);
            System.setProperty(selectors, jdkProvider);
        } catch (ClassNotFoundException e) {
            // another JDK: the service lookup runs, only slower
        }
    }

    /** Runs one ikdctl command line in this JVM (scripts, integration tests); returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, new Terminal(out, err, Clock.systemDefaultZone(), false));
    }

    /** The command tree alone, for the manual page and shell completion made at build time. */
    public static CommandLine commandLine() {
        PrintWriter none = new PrintWriter(java.io.Writer.nullWriter());
        return withSubcommands(new CommandLine(new Ikdctl(new Terminal(none, none, Clock.systemUTC(), false))), null);
    }

    /** Runs one ikdctl command line; returns the exit code. */
    static int run(String[] args, Terminal terminal) {
        ShowCommand quick = QuickShow.parse(args, terminal);
        return quick != null ? runQuick(quick, terminal) : runParsed(args, terminal);
    }

    /** As picocli would run it: what the command returns, or what {@link #failed} makes of its exception. */
    private static int runQuick(ShowCommand show, Terminal terminal) {
        int code;
        try {
            code = show.call();
        } catch (Exception e) {
            code = failed(e, terminal);
        }
        terminal.out().flush();
        terminal.err().flush();
        return code;
    }

    /** Runs one ikdctl command line through picocli; returns the exit code. */
    static int runParsed(String[] args, Terminal terminal) {
        CommandLine cmd = withSubcommands(new CommandLine(new Ikdctl(terminal)), named(args));
        cmd.setOut(terminal.out()).setErr(terminal.err());
        cmd.setExecutionExceptionHandler((e, commandLine, parsed) -> failed(e, terminal));
        int code = cmd.execute(args);
        terminal.out().flush();
        terminal.err().flush();
        return code;
    }

    /** Adds the subcommand {@code name}, or every subcommand when it is null or unknown (usage, errors). */
    private static CommandLine withSubcommands(CommandLine root, String name) {
        for (Map.Entry<String, Class<?>> sub : SUBCOMMANDS)
            if (sub.getKey().equals(name)) return root.addSubcommand(sub.getKey(), sub.getValue());
        for (Map.Entry<String, Class<?>> sub : SUBCOMMANDS)
            root.addSubcommand(sub.getKey(), sub.getValue());
        return root;
    }

    /** The first argument that is not an option of the root (nor an option's value): the subcommand's name. */
    static String named(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (VALUED_OPTIONS.contains(args[i])) i++;
            else if (!args[i].startsWith("-")) return args[i];
        }
        return null;
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
