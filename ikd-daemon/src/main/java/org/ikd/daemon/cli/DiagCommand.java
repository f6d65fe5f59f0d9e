package org.ikd.daemon.cli;

import java.util.concurrent.Callable;
import org.ikd.daemon.control.ControlException;
import org.ikd.daemon.control.ControlJson;
import org.ikd.daemon.control.ControlRequest;
import org.ikd.daemon.control.DiagReport;
import picocli.CommandLine;
import picocli.CommandLine.Option;

@CommandLine.Command(name = "diag", description = "Checks that ikd is set up and working (policy, IKE ports, TUN,"
        + " routes, nftables, raw sockets, SAs per rule) and lists the last negotiation failures."
        + " Exits 1 when a check failed.")
final class DiagCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Ikdctl root;

    @Option(names = "--json", description = "print the report as JSON, for scripts")
    boolean json;

    @Override
    public Integer call() throws ControlException {
        DiagReport r = root.client().call(ControlRequest.of(ControlRequest.Command.DIAG), DiagReport.class);
        root.terminal().out().print(json ? ControlJson.pretty(r) + "\n" : DiagText.render(r));
        return r.failed() ? ExitStatus.FAILED.code : ExitStatus.OK.code;
    }
}
