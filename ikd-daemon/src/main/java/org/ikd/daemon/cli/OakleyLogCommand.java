package org.ikd.daemon.cli;

import java.util.concurrent.Callable;
import org.ikd.daemon.control.ControlException;
import org.ikd.daemon.control.ControlRequest;
import org.ikd.daemon.control.Outcome;
import picocli.CommandLine;
import picocli.CommandLine.Parameters;

@CommandLine.Command(name = "oakley-log", description = {"Shows or sets, at run time, how much the Oakley log writes"
        + " (Windows: EnableLogging): off, failures (failed negotiations and dead peers) or all (the default).",
        "A restart returns to what logback.xml says."})
final class OakleyLogCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Ikdctl root;

    @Parameters(index = "0", arity = "0..1", paramLabel = "off|failures|all", description = "the new detail (none: show it)")
    String level;

    @Override
    public Integer call() throws ControlException {
        Outcome o = root.client().call(ControlRequest.oakleyLog(level), Outcome.class);
        root.terminal().out().println(o.message());
        return ExitStatus.OK.code;
    }
}
