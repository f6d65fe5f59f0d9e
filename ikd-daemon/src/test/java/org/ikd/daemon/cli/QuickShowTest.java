package org.ikd.daemon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.ikd.daemon.control.ControlServer;
import org.ikd.daemon.control.ControlSettings;
import org.ikd.daemon.control.FakeHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The show and stats calls that skip picocli answer exactly as picocli's path does; every other line goes to picocli. */
class QuickShowTest {
    @TempDir
    Path dir;

    private ControlServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private record Outcome(int code, String out, String err) {}

    private static Terminal terminal(StringWriter out, StringWriter err) {
        return new Terminal(new PrintWriter(out), new PrintWriter(err), Clock.fixed(Instant.parse("2025-01-02T12:00:00Z"), ZoneOffset.UTC), false);
    }

    private static Outcome quick(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        Terminal t = terminal(out, err);
        ShowCommand show = QuickShow.parse(args, t);
        assertNotNull(show, String.join(" ", args) + " takes the quick path");
        int code;
        try {
            code = show.call();
        } catch (Exception e) {
            code = -1;
        }
        return new Outcome(code, out.toString(), err.toString());
    }

    private static Outcome parsed(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Ikdctl.runParsed(args, terminal(out, err));
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void answersAsPicocliDoesForEveryViewAndOption() throws Exception {
        Path socket = dir.resolve("ikd.sock");
        server = new ControlServer(ControlSettings.at(socket).withGroup("no-such-group-ikd-test"), new FakeHandler(), c -> true);
        server.start();
        List<String[]> lines = new ArrayList<>();
        for (String view : new ShowCommand.Views()) {
            lines.add(new String[] {"--socket", socket.toString(), "show", view});
            lines.add(new String[] {"show", view, "--json", "--socket=" + socket, "--timeout", "5"});
        }
        lines.add(new String[] {"--socket", socket.toString(), "stats"});
        lines.add(new String[] {"stats", "--json", "--socket", socket.toString()});
        lines.add(new String[] {"--timeout=2.5", "show", "--rule", "r1", "qm", "--socket", socket.toString()});
        lines.add(new String[] {"--socket", socket.toString(), "show", "mm", "--peer=198.18.0.2", "--rule=r1", "--json"});
        for (String[] line : lines)
            assertEquals(parsed(line), quick(line), String.join(" ", line));
    }

    @Test
    void leavesEveryOtherLineToPicocli() {
        Terminal t = terminal(new StringWriter(), new StringWriter());
        for (String line : List.of("show", "show qm mm", "show everything", "show -h", "show qm --help", "--help", "-V",
                "show qm --json --json", "stats --reset", "stats qm", "stats --rule r", "stats show qm", "show stats stats", "show qm --rule a --rule b", "--socket a --socket b show qm", "--json show qm",
                "--rule r show qm", "show policy --rule r", "show qm --rule", "show qm --rule --json", "--timeout 0 show qm",
                "--timeout -1 show qm", "--timeout 1e3 show qm", "show qm --", "show qm -", "show show qm", "show qm --socket="))
            assertNull(QuickShow.parse(line.split(" "), t), line);
    }

    @Test
    void saysIkdIsNotRunningAsPicocliDoes() {
        String[] line = {"--socket", dir.resolve("absent.sock").toString(), "show", "qm"};
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertEquals(parsed(line), new Outcome(Ikdctl.run(line, terminal(out, err)), out.toString(), err.toString()));
    }
}
