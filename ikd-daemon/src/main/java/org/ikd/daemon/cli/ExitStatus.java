package org.ikd.daemon.cli;

import org.ikd.daemon.control.ErrorCode;

/** ikdctl's exit codes (also in {@code ikdctl --help} and docs/operations.md). */
enum ExitStatus {
    OK(0, "success"),
    FAILED(1, "ikd refused or failed the command (unknown rule or SA, invalid rule, failed diag check)"),
    USAGE(2, "bad arguments (the usage is printed)"),
    NOT_RUNNING(3, "ikd is not running"),
    DENIED(4, "permission denied (run as root or as a member of group ikd)"),
    NO_ANSWER(5, "ikd did not answer (timeout, busy, or an unreadable answer)");

    final int code;
    final String meaning;

    ExitStatus(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    static ExitStatus of(ErrorCode error) {
        return switch (error) {
            case NOT_RUNNING -> NOT_RUNNING;
            case DENIED -> DENIED;
            case BUSY, NO_ANSWER -> NO_ANSWER;
            case NOT_FOUND, INVALID, FAILED, INTERNAL -> FAILED;
        };
    }
}
