package org.ikd.daemon.cli;

import java.util.concurrent.Callable;
import org.ikd.daemon.control.ControlException;
import org.ikd.daemon.control.ControlRequest;
import org.ikd.daemon.control.ControlRequest.Command;
import org.ikd.daemon.control.Outcome;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@CommandLine.Command(name = "down", description = {"Deletes every Quick Mode and Main Mode SA of a rule, or with a peer,"
        + " sending the peer Delete payloads (as swanctl --terminate).",
        "Traffic that a negotiate rule still covers negotiates again; ikdctl policy delete removes a dynamic rule for good."})
final class DownCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Ikdctl root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "RULE", description = "the rule's name (see: ikdctl show policy)")
    String rule;

    @Option(names = "--peer", paramLabel = "ADDR", description = "the peer's address (with RULE: only that rule's SAs with it)")
    String peer;

    @Override
    public Integer call() throws ControlException {
        if (rule == null && peer == null)
            throw new CommandLine.ParameterException(spec.commandLine(), "down needs a RULE or --peer ADDR");
        Outcome o = root.client().call(ControlRequest.narrowed(Command.DOWN, rule, peer), Outcome.class);
        root.terminal().out().println(o.message());
        return ExitStatus.OK.code;
    }
}
