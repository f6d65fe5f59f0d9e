package org.ikd.daemon.cli;

import java.util.concurrent.Callable;
import java.util.function.Function;
import org.ikd.daemon.control.ControlException;
import org.ikd.daemon.control.Credentials;
import org.ikd.daemon.control.ControlJson;
import org.ikd.daemon.control.ControlRequest;
import org.ikd.daemon.control.ControlRequest.Command;
import org.ikd.daemon.control.FilterTable;
import org.ikd.daemon.control.MainModeSas;
import org.ikd.daemon.control.PolicyView;
import org.ikd.daemon.control.QuickModeSas;
import org.ikd.daemon.control.ShowAll;
import org.ikd.daemon.control.Statistics;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@CommandLine.Command(name = "show", description = "Shows the policy, its filters, the Main Mode or Quick Mode SAs,"
        + " the statistics, or all of them. PSKs and keys are never shown.")
final class ShowCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Ikdctl root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WHAT", completionCandidates = Views.class,
            description = "all, policy, filters, mm (Main Mode SAs), qm (Quick Mode SAs), leases (road warriors' addresses by"
                    + " XAUTH user), stats, certs, cas or crls")
    String what;

    @Option(names = "--json", description = "print the daemon's answer as JSON, for scripts")
    boolean json;

    @Option(names = "--rule", paramLabel = "NAME", description = "only the SAs of this rule (mm, qm, leases, all)")
    String rule;

    @Option(names = "--peer", paramLabel = "ADDR", description = "only the SAs with this peer address (mm, qm, leases, all)")
    String peer;

    /** The view names, for the usage text and shell completion. */
    static final class Views extends java.util.ArrayList<String> {
        Views() {
            super(java.util.List.of("all", "policy", "filters", "mm", "qm", "leases", "stats", "certs", "cas", "crls"));
        }
    }

    @Override
    public Integer call() throws ControlException {
        return switch (what) {
            case "all" -> show(Command.SHOW_ALL, ShowAll.class, ShowCommand::all);
            case "policy" -> show(Command.SHOW_POLICY, PolicyView.class, PolicyText::policy);
            case "filters" -> show(Command.SHOW_FILTERS, FilterTable.class, PolicyText::filters);
            case "mm" -> show(Command.SHOW_MM, MainModeSas.class, SaText::mainMode);
            case "qm" -> show(Command.SHOW_QM, QuickModeSas.class, SaText::quickMode);
            case "leases" -> show(Command.SHOW_MM, MainModeSas.class, SaText::leases);
            case "stats" -> show(Command.SHOW_STATS, Statistics.class, StatisticsText::render);
            case "certs" -> show(Command.SHOW_CREDENTIALS, Credentials.class, CredentialText::certificates);
            case "cas" -> show(Command.SHOW_CREDENTIALS, Credentials.class, CredentialText::authorities);
            case "crls" -> show(Command.SHOW_CREDENTIALS, Credentials.class, CredentialText::crls);
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "cannot show '" + what + "' (expected: all, policy, filters, mm, qm, stats, certs, cas or crls)");
        };
    }

    private <T> int show(Command command, Class<T> type, Function<T, String> text) throws ControlException {
        if ((rule != null || peer != null) && !java.util.Set.of("all", "mm", "qm").contains(what))
            throw new CommandLine.ParameterException(spec.commandLine(), "--rule and --peer narrow mm, qm and all, not " + what);
        T result = root.client().call(ControlRequest.narrowed(command, rule, peer), type);
        root.terminal().out().print(json ? ControlJson.pretty(result) + "\n" : text.apply(result));
        return ExitStatus.OK.code;
    }

    static String all(ShowAll a) {
        return PolicyText.policy(a.policy()) + "\n" + PolicyText.filters(a.filters()) + "\n" + SaText.mainMode(a.mainMode())
                + "\n" + SaText.quickMode(a.quickMode()) + "\n" + StatisticsText.render(a.statistics());
    }
}
