package org.ikd.daemon.control;

/** Decides whether a connecting process may use the control socket at all. */
@FunctionalInterface
public interface CallerCheck {
    String REFUSAL = "permission denied: run as root or as a member of group ikd";

    boolean admits(Caller caller);
}
