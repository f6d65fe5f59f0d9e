package org.ikd.daemon.policyfile;

import java.nio.file.Path;

/**
 * One finding about a policy file, printed compiler-style:
 * {@code policy.toml:12:3: rules[0].tunnel: 'x' is not an IP address (expected: ...)}.
 * Never carries key material.
 */
public record Diagnostic(Severity severity, Path file, Location at, String message) {
    public enum Severity { ERROR, WARNING }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder().append(file);
        if (at.hasLine()) b.append(':').append(at.line()).append(':').append(at.column());
        b.append(": ");
        if (severity == Severity.WARNING) b.append("warning: ");
        if (!at.keyPath().isEmpty()) b.append(at.keyPath()).append(": ");
        return b.append(message).toString();
    }
}
