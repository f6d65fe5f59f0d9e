package org.ikd.daemon.cli;

import java.util.concurrent.Callable;
import org.ikd.daemon.control.ControlException;
import org.ikd.daemon.control.ControlRequest;
import org.ikd.daemon.control.Outcome;
import picocli.CommandLine;

@CommandLine.Command(name = "reload", description = "Re-reads the policy file, like systemctl reload ikd. SAs of"
        + " unchanged rules stay up; SAs of removed or changed rules are deleted.")
final class ReloadCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Ikdctl root;

    @Override
    public Integer call() throws ControlException {
        Outcome o = root.client().call(ControlRequest.of(ControlRequest.Command.RELOAD), Outcome.class);
        root.terminal().out().println(o.message());
        return ExitStatus.OK.code;
    }
}
