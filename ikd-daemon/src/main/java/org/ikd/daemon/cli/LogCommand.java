package org.ikd.daemon.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.ikd.daemon.control.ControlException;
import org.ikd.daemon.control.ControlJson;
import org.ikd.daemon.control.ControlRequest;
import org.ikd.daemon.control.StreamLine;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code ikdctl log} (the live Oakley log and events) and {@code ikdctl events} (events alone):
 * the control socket's stream, as {@code tail -f} of oakley.log would show it, but without reading
 * the file and narrowed to a rule or a peer. Ends with Ctrl-C, after {@code --count} lines, or when
 * ikd stops.
 */
@CommandLine.Command(name = "log", description = {"Streams the Oakley log and the audit events live (until Ctrl-C),"
        + " optionally only for one rule or peer.", "Lines a slow reader misses are counted as lost."})
class LogCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Ikdctl root;

    @Option(names = "--rule", paramLabel = "NAME", description = "only this rule's events and its peers' lines")
    String rule;

    @Option(names = "--peer", paramLabel = "ADDR", description = "only lines and events with this peer address")
    String peer;

    @Option(names = "--json", description = "one JSON object per line (source, level, text, fields), for scripts")
    boolean json;

    @Option(names = "--count", paramLabel = "N", description = "stop after N lines (default: until Ctrl-C or ikd stops)")
    long count;

    boolean eventsOnly() {
        return false;
    }

    @Override
    public Integer call() throws ControlException {
        PrintWriter out = root.terminal().out();
        long[] seen = {0};
        root.client().stream(ControlRequest.watch(rule, peer, eventsOnly()), () -> { }, line -> {
            if (StreamLine.HEARTBEAT.equals(line.source())) return true;
            out.println(json ? ControlJson.compact(line) : text(line));
            out.flush();
            return count <= 0 || ++seen[0] < count;
        });
        return ExitStatus.OK.code;
    }

    /** {@code 2026-12-07T16:19:52.123Z WARN 198.18.0.2 MM#5 ...}: the time, the level when not INFO, the line. */
    static String text(StreamLine l) {
        if (StreamLine.LOST.equals(l.source())) return "(" + l.lost() + " line(s) lost: this reader fell behind)";
        String level = "INFO".equals(l.level()) ? "" : l.level() + " ";
        return l.time() + " " + level + l.text();
    }

    @CommandLine.Command(name = "events", description = {"Streams the audit events (541 SA established, 542/543 ended, 544/545/546 certificate,"
            + " authentication and proposal failures, 547 failed) live, with their fields; as ikdctl log, without the Oakley lines."})
    static final class Events extends LogCommand {
        @Override
        boolean eventsOnly() {
            return true;
        }
    }
}
