package org.ikd.daemon.cli;

import java.io.PrintWriter;
import java.time.Clock;

/**
 * Where ikdctl writes and what it knows of its surroundings; tests pass their own.
 *
 * @param interactive stdout is a terminal: {@code monitor} clears the screen between frames
 */
record Terminal(PrintWriter out, PrintWriter err, Clock clock, boolean interactive) {
}
