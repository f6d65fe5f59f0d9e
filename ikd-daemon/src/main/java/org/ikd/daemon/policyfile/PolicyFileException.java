package org.ikd.daemon.policyfile;

import java.util.List;
import java.util.stream.Collectors;

/** A policy file that cannot be used: every error found, in file order, one per line of the message. */
public final class PolicyFileException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<Diagnostic> errors;
    private final transient List<Diagnostic> warnings;

    public PolicyFileException(List<Diagnostic> errors, List<Diagnostic> warnings) {
        super(errors.stream().map(Diagnostic::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
        this.warnings = List.copyOf(warnings);
    }

    public List<Diagnostic> errors() {
        return errors;
    }

    /** Warnings found along the way, for a caller that prints everything. */
    public List<Diagnostic> warnings() {
        return warnings;
    }
}
