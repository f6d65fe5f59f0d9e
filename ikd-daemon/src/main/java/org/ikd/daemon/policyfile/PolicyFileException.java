package org.ikd.daemon.policyfile;

import java.util.ArrayList;
import java.util.List;

/**
 * A policy file that cannot be used: the errors found, in file order. Its message, which
 * {@code ikd run} prints and {@code ikdctl reload} returns, shows the first {@value #SHOWN}
 * and counts the rest: a broken 10,000-rule file must not answer with 10,000 lines.
 */
public final class PolicyFileException extends Exception {
    public static final int SHOWN = 20;
    private static final long serialVersionUID = 1L;
    private final transient List<Diagnostic> errors;
    private final transient List<Diagnostic> warnings;
    private final int errorCount;

    public PolicyFileException(List<Diagnostic> errors, List<Diagnostic> warnings) {
        this(errors, warnings, 0);
    }

    /** @param moreErrors errors found but not kept, counted in the message */
    PolicyFileException(List<Diagnostic> errors, List<Diagnostic> warnings, int moreErrors) {
        super(String.join("\n", capped(errors, errors.size() + moreErrors, "error")));
        this.errors = List.copyOf(errors);
        this.warnings = List.copyOf(warnings);
        this.errorCount = errors.size() + moreErrors;
    }

    /** The errors kept (all of them up to {@link Diagnostics#KEPT}). */
    public List<Diagnostic> errors() {
        return errors;
    }

    /** Warnings found along the way, for a caller that prints everything. */
    public List<Diagnostic> warnings() {
        return warnings;
    }

    public int errorCount() {
        return errorCount;
    }

    /** The first {@value #SHOWN} of {@code found}, then {@code ... and 312 more errors} if {@code total} is larger. */
    public static List<String> capped(List<Diagnostic> found, int total, String noun) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(SHOWN, found.size()); i++) out.add(found.get(i).toString());
        int more = total - out.size();
        if (more > 0) out.add("... and " + more + " more " + noun + (more == 1 ? "" : "s"));
        return out;
    }
}
