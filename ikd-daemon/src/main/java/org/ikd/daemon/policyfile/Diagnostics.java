package org.ikd.daemon.policyfile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Collects the errors and warnings of one parse, so that the admin sees them at once. Keeps the
 * first {@value #KEPT} errors and counts the rest: a hostile file of 200,000 unknown keys costs
 * a counter, not 200,000 messages. Warnings are bounded by the rules (PolicyFileInput's limits).
 */
final class Diagnostics {
    static final int KEPT = 1000;
    private static final Comparator<Diagnostic> FILE_ORDER =
            Comparator.comparingInt((Diagnostic d) -> d.at().line()).thenComparingInt(d -> d.at().column());

    private final Path file;
    private final List<Diagnostic> errors = new ArrayList<>();
    private final List<Diagnostic> warnings = new ArrayList<>();
    private int droppedErrors;

    Diagnostics(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** {@code problem (expected: expected)}; {@code expected} may be null. */
    void error(Location at, String problem, String expected) {
        if (errors.size() >= KEPT) {
            droppedErrors++;
            return;
        }
        errors.add(new Diagnostic(Diagnostic.Severity.ERROR, file, at,
                expected == null ? problem : problem + " (expected: " + expected + ")"));
    }

    /** An unknown name: lists the known ones and suggests the nearest. */
    void unknown(Location at, String what, String value, Collection<String> known) {
        if (errors.size() >= KEPT) {
            droppedErrors++;
            return;
        }
        String hint = DidYouMean.nearest(value, known).map(s -> ", did you mean '" + s + "'?").orElse("");
        errors.add(new Diagnostic(Diagnostic.Severity.ERROR, file, at,
                "unknown " + what + " '" + value + "'" + hint + " (known: " + String.join(", ", known) + ")"));
    }

    void warn(Location at, String message) {
        warnings.add(new Diagnostic(Diagnostic.Severity.WARNING, file, at, message));
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    int errorCount() {
        return errors.size() + droppedErrors;
    }

    List<Diagnostic> warnings() {
        return sorted(warnings);
    }

    PolicyFileException exception() {
        return new PolicyFileException(sorted(errors), sorted(warnings), droppedErrors);
    }

    private static List<Diagnostic> sorted(List<Diagnostic> in) {
        List<Diagnostic> out = new ArrayList<>(in);
        out.sort(FILE_ORDER);
        return List.copyOf(out);
    }
}
