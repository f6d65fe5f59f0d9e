package org.ikd.daemon.control;

/**
 * What a command that changes something reports on success, in plain words: "Quick Mode SA 7
 * deleted; Delete payload sent to 198.18.0.2". Failures are {@link ControlException}s.
 */
public record Outcome(String message) {
}
