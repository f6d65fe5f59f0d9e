package org.ikd.daemon.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.ikd.daemon.control.ControlException;
import org.ikd.daemon.control.ControlRequest;
import org.ikd.daemon.control.Outcome;
import picocli.CommandLine;
import picocli.CommandLine.Parameters;

/**
 * {@code ikdctl xauth-login RULE}: asks for the XAUTH password of a road-warrior rule whose
 * {@code xauth-login} names no password file, without echo on a terminal (else one line of stdin), and
 * hands it to the daemon over the control socket. It is printed nowhere and kept in the daemon's memory only.
 */
@CommandLine.Command(name = "xauth-login", description = {"Types the XAUTH password of a road-warrior rule that has"
        + " xauth-login without a password-file (docs/remote-access.md). Read without echo from the terminal, or one"
        + " line from stdin; kept in ikd's memory until it stops, never logged."})
final class XauthLoginCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Ikdctl root;

    @Parameters(index = "0", paramLabel = "RULE", description = "the road warrior's rule (see: ikdctl show policy)")
    String rule;

    @Override
    public Integer call() throws ControlException, IOException {
        String password = read(System.console(), new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                "XAUTH password for rule '" + rule + "': ");
        if (password == null || password.isEmpty()) {
            root.terminal().err().println("ikdctl: no password given");
            return ExitStatus.FAILED.code;
        }
        root.terminal().out().println(root.client().call(ControlRequest.xauthLogin(rule, password), Outcome.class).message());
        return ExitStatus.OK.code;
    }

    /** The password: from {@code console} without echo when there is one, else the first line of {@code stdin}; null at its end. */
    static String read(Console console, BufferedReader stdin, String prompt) throws IOException {
        if (console != null) {
            char[] typed = console.readPassword("%s", prompt);
            if (typed == null) return null;
            String password = new String(typed);
            Arrays.fill(typed, '\0');
            return password;
        }
        return stdin.readLine();
    }
}
