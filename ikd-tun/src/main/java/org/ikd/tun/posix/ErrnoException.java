package org.ikd.tun.posix;

import java.io.IOException;

/**
 * A system call or an rtnetlink request failed: names what was attempted, the errno with its text,
 * and the kernel's extended-ACK message when it sent one.
 */
public final class ErrnoException extends IOException {
    // asm-generic/errno-base.h, asm-generic/errno.h
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int EAFNOSUPPORT = 97;
    public static final int EOPNOTSUPP = 95;

    private final int errno;

    public ErrnoException(String operation, int errno, String reason, String detail) {
        super(operation + ": " + reason + " (errno " + errno + ")" + (detail == null || detail.isEmpty() ? "" : ": " + detail));
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
