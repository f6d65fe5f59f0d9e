package org.ikd.daemon.cli;

import java.time.LocalTime;
import java.util.concurrent.Callable;
import org.ikd.daemon.control.ControlClient;
import org.ikd.daemon.control.ControlException;
import org.ikd.daemon.control.ControlRequest;
import org.ikd.daemon.control.MonitorSnapshot;
import picocli.CommandLine;
import picocli.CommandLine.Option;

@CommandLine.Command(name = "monitor", description = "A live view of the SAs and counters, refreshed like ipsecmon.")
final class MonitorCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Ikdctl root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--interval", paramLabel = "SECONDS", description = "seconds between refreshes (default: 2)")
    double interval = 2;

    @Option(names = "--count", paramLabel = "N", description = "stop after N refreshes (default: until Ctrl-C)")
    Integer count;

    @Override
    public Integer call() throws ControlException, InterruptedException {
        if (!(interval > 0) || count != null && count < 1)
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--interval must be more than 0 seconds and --count at least 1");
        ControlClient client = root.client();
        Terminal t = root.terminal();
        String every = interval == Math.rint(interval) ? (long) interval + "s" : interval + "s";
        for (int i = 0; count == null || i < count; i++) {
            if (i > 0) Thread.sleep((long) (interval * 1000));
            MonitorSnapshot s = client.call(ControlRequest.of(ControlRequest.Command.MONITOR), MonitorSnapshot.class);
            if (i > 0 && !t.interactive()) t.out().print('\n');
            t.out().print(MonitorScreen.frame(s, LocalTime.now(t.clock()), every, t.interactive()));
            t.out().flush();
        }
        return ExitStatus.OK.code;
    }
}
