package org.ikd.daemon.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.ikd.daemon.control.ControlClient;
import org.ikd.daemon.control.ControlException;
import org.ikd.daemon.control.ControlRequest;
import org.ikd.daemon.control.Outcome;
import org.ikd.daemon.control.StreamLine;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@CommandLine.Command(name = "initiate", description = {"Starts Main Mode (if needed) and Quick Mode for a rule now,"
        + " without waiting for traffic. Follow it with: ikdctl show qm, or the Oakley log.",
        "With --wait: prints that negotiation's Oakley lines and events as they come, and exits 0 once the rule's"
        + " Quick Mode SA pair is installed (event 541), 1 with the reason when it failed (event 547), 5 when"
        + " neither came within --wait-seconds."})
final class InitiateCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Ikdctl root;

    @Parameters(index = "0", paramLabel = "RULE", description = "the rule's name (see: ikdctl show policy)")
    String rule;

    @Option(names = "--wait", description = "stream the negotiation and exit with its result")
    boolean wait;

    @Option(names = "--wait-seconds", paramLabel = "SECONDS", description = "how long --wait waits for a result (default: 60)")
    long waitSeconds = 60;

    @Override
    public Integer call() throws ControlException {
        ControlClient client = root.client();
        PrintWriter out = root.terminal().out();
        if (!wait) {
            out.println(client.call(ControlRequest.initiate(rule), Outcome.class).message());
            return ExitStatus.OK.code;
        }
        long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
        String[] result = {null};
        // subscribe first, then initiate: nothing of the negotiation can happen before the stream is open
        client.stream(ControlRequest.watch(rule, null, false), () -> out.println(
                client.call(ControlRequest.initiate(rule), Outcome.class).message()), line -> {
            if (!StreamLine.HEARTBEAT.equals(line.source())) {
                out.println(LogCommand.text(line));
                out.flush();
            }
            result[0] = outcome(line);
            return result[0] == null && System.nanoTime() < deadline;
        });
        if (result[0] == null) {
            root.terminal().err().println("ikdctl: no result for rule '" + rule + "' within " + waitSeconds
                    + " s; see ikdctl show qm and the Oakley log");
            return ExitStatus.NO_ANSWER.code;
        }
        if (result[0].isEmpty()) {
            out.println("rule '" + rule + "': Quick Mode SA pair installed");
            return ExitStatus.OK.code;
        }
        root.terminal().err().println("ikdctl: rule '" + rule + "' failed: " + result[0]);
        return ExitStatus.FAILED.code;
    }

    /** "" for success (541 quick), the reason for a failure (547), null while neither. */
    private String outcome(StreamLine line) {
        if (!StreamLine.EVENT.equals(line.source())) return null;
        String event = line.field("event");
        if ("541".equals(event) && "quick".equals(line.field("mode")) && rule.equals(line.field("rule"))) return "";
        if ("547".equals(event)) return line.field("reason") == null ? "negotiation failed" : line.field("reason");
        return null;
    }
}
