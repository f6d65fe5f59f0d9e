package org.ikd.daemon.policyfile;

import java.io.PrintWriter;
import java.nio.file.Path;
import static org.ikd.daemon.policyfile.PolicyFileException.capped;

/**
 * {@code ikd check FILE}: validates a policy file without starting anything. Prints
 * {@code policy OK: <summary>} and the warnings, or the errors; the first
 * {@value PolicyFileException#SHOWN} of each, then how many more. Returns the exit status.
 */
public final class PolicyCheck {
    public static final int VALID = 0;
    public static final int INVALID = 1;

    private final PolicyFileParser parser;

    public PolicyCheck(PolicyFileParser parser) {
        this.parser = parser;
    }

    public int run(Path file, PrintWriter out, PrintWriter err) {
        try {
            ParsedPolicy policy = parser.parse(file);
            capped(policy.warnings(), policy.warnings().size(), "warning").forEach(err::println);
            out.println("policy OK: " + policy.summary());
            return VALID;
        } catch (PolicyFileException e) {
            capped(e.errors(), e.errorCount(), "error").forEach(err::println);
            capped(e.warnings(), e.warnings().size(), "warning").forEach(err::println);
            err.println(file + ": policy NOT OK: " + count(e.errorCount(), "error") + ", " + count(e.warnings().size(), "warning"));
            return INVALID;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
