package org.ikd.daemon.cli;

import java.util.concurrent.Callable;
import org.ikd.daemon.control.ControlException;
import org.ikd.daemon.control.ControlRequest;
import org.ikd.daemon.control.ControlRequest.Command;
import org.ikd.daemon.control.Outcome;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@CommandLine.Command(name = "rekey", description = {"Renews every Quick Mode SA pair of a rule, or with a peer, now"
        + " (as swanctl --rekey): a new Quick Mode each, and the old pair hands its traffic over as at a soft lifetime."})
final class RekeyCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Ikdctl root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "RULE", description = "the rule's name (see: ikdctl show policy)")
    String rule;

    @Option(names = "--peer", paramLabel = "ADDR", description = "the peer's address (with RULE: only that rule's pairs with it)")
    String peer;

    @Override
    public Integer call() throws ControlException {
        if (rule == null && peer == null)
            throw new CommandLine.ParameterException(spec.commandLine(), "rekey needs a RULE or --peer ADDR");
        Outcome o = root.client().call(ControlRequest.narrowed(Command.REKEY, rule, peer), Outcome.class);
        root.terminal().out().println(o.message());
        return ExitStatus.OK.code;
    }
}
