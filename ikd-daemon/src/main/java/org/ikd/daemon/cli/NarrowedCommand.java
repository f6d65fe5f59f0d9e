package org.ikd.daemon.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.ikd.daemon.control.ControlException;
import org.ikd.daemon.control.ControlRequest;
import org.ikd.daemon.control.ControlRequest.Command;
import org.ikd.daemon.control.Outcome;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A command on the SAs of one rule and/or one peer ({@code down}, {@code rekey}): RULE, --peer ADDR, one request. */
abstract class NarrowedCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Ikdctl root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "RULE", description = "the rule's name (see: ikdctl show policy)")
    String rule;

    @Option(names = "--peer", paramLabel = "ADDR", description = "the peer's address (with RULE: only that rule's SAs with it)")
    String peer;

    abstract Command command();

    @Override
    public Integer call() throws ControlException {
        if (rule == null && peer == null)
            throw new CommandLine.ParameterException(spec.commandLine(),
                    command().name().toLowerCase(Locale.ROOT) + " needs a RULE or --peer ADDR");
        Outcome o = root.client().call(ControlRequest.narrowed(command(), rule, peer), Outcome.class);
        root.terminal().out().println(o.message());
        return ExitStatus.OK.code;
    }
}
