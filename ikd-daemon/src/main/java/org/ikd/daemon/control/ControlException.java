package org.ikd.daemon.control;

/** A control request that failed, with a message in plain words for the admin. */
public final class ControlException extends Exception {
    private final ErrorCode code;

    public ControlException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ControlException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
