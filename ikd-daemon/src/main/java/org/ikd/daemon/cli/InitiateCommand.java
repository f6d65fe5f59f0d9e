package org.ikd.daemon.cli;

import java.util.concurrent.Callable;
import org.ikd.daemon.control.ControlException;
import org.ikd.daemon.control.ControlRequest;
import org.ikd.daemon.control.Outcome;
import picocli.CommandLine;
import picocli.CommandLine.Parameters;

@CommandLine.Command(name = "initiate", description = "Starts Main Mode (if needed) and Quick Mode for a rule now,"
        + " without waiting for traffic. Follow it with: ikdctl show qm, or the Oakley log.")
final class InitiateCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Ikdctl root;

    @Parameters(index = "0", paramLabel = "RULE", description = "the rule's name (see: ikdctl show policy)")
    String rule;

    @Override
    public Integer call() throws ControlException {
        Outcome o = root.client().call(ControlRequest.initiate(rule), Outcome.class);
        root.terminal().out().println(o.message());
        return ExitStatus.OK.code;
    }
}
