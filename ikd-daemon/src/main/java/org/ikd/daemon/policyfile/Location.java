package org.ikd.daemon.policyfile;

import org.tomlj.TomlPosition;

/**
 * Where something is in the policy file: its TOML key path ({@code rules[0].tunnel}) and, when
 * tomlj knows it, its 1-based line and column (0 when unknown).
 */
public record Location(String keyPath, int line, int column) {
    static final Location FILE = new Location("", 0, 0);

    /** {@code position} if tomlj has one, else the line of the enclosing {@code fallback}. */
    static Location of(String keyPath, TomlPosition position, Location fallback) {
        if (position != null) return new Location(keyPath, position.line(), position.column());
        return new Location(keyPath, fallback.line, fallback.column);
    }

    public boolean hasLine() {
        return line > 0;
    }
}
