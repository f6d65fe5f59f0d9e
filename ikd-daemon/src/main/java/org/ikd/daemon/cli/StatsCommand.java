package org.ikd.daemon.cli;

import java.util.concurrent.Callable;
import org.ikd.daemon.control.ControlException;
import org.ikd.daemon.control.ControlJson;
import org.ikd.daemon.control.ControlRequest;
import org.ikd.daemon.control.ControlRequest.Command;
import org.ikd.daemon.control.Outcome;
import org.ikd.daemon.control.Statistics;
import picocli.CommandLine;
import picocli.CommandLine.Option;

@CommandLine.Command(name = "stats", description = "Shows ikd's version, uptime and counters (as show stats);"
        + " --reset makes the counters count from now (the SA and queue gauges are unaffected).")
final class StatsCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Ikdctl root;

    @Option(names = "--reset", description = "counters count from now on; prints what they were first")
    boolean reset;

    @Option(names = "--json", description = "print the daemon's answer as JSON, for scripts")
    boolean json;

    @Override
    public Integer call() throws ControlException {
        Statistics s = root.client().call(ControlRequest.of(Command.SHOW_STATS), Statistics.class);
        root.terminal().out().print(json ? ControlJson.pretty(s) + "\n" : StatisticsText.render(s));
        if (reset) {
            Outcome o = root.client().call(ControlRequest.of(Command.STATS_RESET), Outcome.class);
            root.terminal().out().println(json ? ControlJson.compact(o) : o.message());
        }
        return ExitStatus.OK.code;
    }
}
