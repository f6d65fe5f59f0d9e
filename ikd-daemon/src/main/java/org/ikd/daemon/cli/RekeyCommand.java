package org.ikd.daemon.cli;

import org.ikd.daemon.control.ControlRequest.Command;
import picocli.CommandLine;

@CommandLine.Command(name = "rekey", description = {"Renews every Quick Mode SA pair of a rule, or with a peer, now"
        + " (as swanctl --rekey): a new Quick Mode each, and the old pair hands its traffic over as at a soft lifetime."})
final class RekeyCommand extends NarrowedCommand {
    @Override
    Command command() {
        return Command.REKEY;
    }
}
