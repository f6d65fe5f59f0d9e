package org.ikd.daemon.policyfile;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ikd check FILE}: validates a policy file without starting anything. Prints
 * {@code policy OK: <summary>} and the warnings, or every error; returns the exit status.
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
            policy.warnings().forEach(err::println);
            out.println("policy OK: " + policy.summary());
            return VALID;
        } catch (PolicyFileException e) {
            e.errors().forEach(err::println);
            e.warnings().forEach(err::println);
            err.println(file + ": policy NOT OK: " + count(e.errors(), "error") + ", " + count(e.warnings(), "warning"));
            return INVALID;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static String count(List<?> items, String noun) {
        return items.size() + " " + noun + (items.size() == 1 ? "" : "s");
    }
}
