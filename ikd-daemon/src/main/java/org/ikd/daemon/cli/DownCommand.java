package org.ikd.daemon.cli;

import org.ikd.daemon.control.ControlRequest.Command;
import picocli.CommandLine;

@CommandLine.Command(name = "down", description = {"Deletes every Quick Mode and Main Mode SA of a rule, or with a peer,"
        + " sending the peer Delete payloads (as swanctl --terminate).",
        "Traffic that a negotiate rule still covers negotiates again; ikdctl policy delete removes a dynamic rule for good."})
final class DownCommand extends NarrowedCommand {
    @Override
    Command command() {
        return Command.DOWN;
    }
}
