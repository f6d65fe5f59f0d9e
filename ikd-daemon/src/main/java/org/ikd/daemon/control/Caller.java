package org.ikd.daemon.control;

/**
 * Who is on the other end of a control connection, from SO_PEERCRED (socket(7)): the effective
 * user and primary group of the connecting process, by name (or number when it has none).
 */
public record Caller(String user, String group) {
    public boolean isRoot() {
        return "root".equals(user) || "0".equals(user);
    }

    @Override
    public String toString() {
        return user + ":" + group;
    }
}
