package org.ikd.daemon.policyfile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ikd.core.crypto.Secret;

/**
 * Files the policy names: PSK files and private keys must be private to their owner (no group
 * or other permission bit), certificates, CAs and CRLs must exist. A PSK file holds the key as
 * text, or as hex after {@code 0x}; one trailing newline is not part of it. No message ever
 * contains a byte of the key.
 */
final class KeyFile {
    static final int MAX_PSK_FILE_BYTES = 8192;
    private static final List<String> KERNEL_TREES = List.of("/proc", "/sys", "/dev");

    private KeyFile() {}

    /** Checks and reads a PSK file; empty when refused (reported). */
    static Optional<Secret> readPreSharedKey(Path file, Location at, Diagnostics log) {
        if (!checkPrivate(file, "PSK file", at, log)) return Optional.empty();
        byte[] raw;
        try {
            try (InputStream in = Files.newInputStream(file.toRealPath())) {
                raw = in.readNBytes(MAX_PSK_FILE_BYTES + 1);            // bounded even if the file grows after the check
            }
            if (raw.length > MAX_PSK_FILE_BYTES) {
                Arrays.fill(raw, (byte) 0);
                log.error(at, "PSK file " + file + " is larger than " + MAX_PSK_FILE_BYTES + " bytes", "a file holding only the key");
                return Optional.empty();
            }
        } catch (IOException e) {
            log.error(at, "cannot read PSK file " + file + ": " + reason(e), "a file the ikd user can read, mode 0600");
            return Optional.empty();
        }
        try {
            int end = raw.length;
            if (end > 0 && raw[end - 1] == '\n') end--;
            if (end > 0 && raw[end - 1] == '\r' && end < raw.length) end--;
            if (end == 0) {
                log.error(at, "PSK file " + file + " is empty", "the key as text, or 0x followed by hex digits");
                return Optional.empty();
            }
            boolean hex = end >= 2 && raw[0] == '0' && (raw[1] == 'x' || raw[1] == 'X');
            byte[] key = hex ? fromHex(raw, 2, end) : Arrays.copyOf(raw, end);
            if (key == null) {
                log.error(at, "PSK file " + file + " starts with 0x but is not hex", "0x followed by an even, non-zero number of hex digits");
                return Optional.empty();
            }
            return Optional.of(Secret.adopt(key));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** Exists, is a regular file and has no group or other permission; reports the chmod that fixes it. */
    static boolean checkPrivate(Path file, String what, Location at, Diagnostics log) {
        if (!checkExists(file, what, at, log)) return false;
        Optional<Set<PosixFilePermission>> read = permissions(file, what, at, log);
        if (read.isEmpty()) return false;
        Set<PosixFilePermission> perms = read.get();
        Set<PosixFilePermission> open = Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_EXECUTE);
        if (perms.stream().noneMatch(open::contains)) return true;
        log.error(at, what + " " + file + " has mode " + mode(perms) + ": group or others may read or change it",
                "mode 0600 or stricter; fix: chmod 600 " + shellQuote(file.toString()));
        return false;
    }

    /**
     * The policy file holds no secret (PSKs live in their own files) but decides what ikd protects
     * and which key files it reads: nobody but its owner (and the owner's group, warned) may change
     * it. World-writable is refused with the chmod that fixes it.
     */
    static boolean checkNotWorldWritable(Path file, String what, Location at, Diagnostics log) {
        Optional<Set<PosixFilePermission>> read = permissions(file, what, at, log);
        if (read.isEmpty()) return false;
        Set<PosixFilePermission> perms = read.get();
        if (perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            log.error(at, what + " " + file + " has mode " + mode(perms) + ": anyone may change it",
                    "no write permission for others; fix: chmod o-w " + shellQuote(file.toString()));
            return false;
        }
        if (perms.contains(PosixFilePermission.GROUP_WRITE))
            log.warn(at, what + " " + file + " has mode " + mode(perms) + ": its group may change it; chmod g-w "
                    + shellQuote(file.toString()) + " unless only administrators are in that group");
        return true;
    }

    /** The file's permissions; empty (fail closed, reported) where they cannot be read, e.g. no POSIX file system. */
    private static Optional<Set<PosixFilePermission>> permissions(Path file, String what, Location at, Diagnostics log) {
        try {
            return Optional.of(Files.getPosixFilePermissions(file));
        } catch (IOException | UnsupportedOperationException e) {
            log.error(at, "cannot read the permissions of " + what + " " + file + ": " + reason(e), "a file on a POSIX file system");
            return Optional.empty();
        }
    }

    /**
     * Exists and is, once symbolic links are resolved, a regular file outside /proc, /sys and /dev:
     * a FIFO would block the read until some writer comes, a device or a kernel file is no key file
     * (/proc files claim size 0 and yield whatever the kernel writes).
     */
    static boolean checkExists(Path file, String what, Location at, Diagnostics log) {
        if (!Files.exists(file)) {
            log.error(at, what + " " + file + " does not exist", "an existing file (relative paths start at the policy file's directory)");
            return false;
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            log.error(at, "cannot resolve " + what + " " + file + ": " + reason(e), "a regular file the ikd user can read");
            return false;
        }
        String shown = real.equals(file) ? file.toString() : file + " (-> " + real + ")";
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            log.error(at, what + " " + shown + " is " + kind(real), "a regular file, not a directory, device or FIFO");
            return false;
        }
        for (String kernel : KERNEL_TREES) {
            if (real.startsWith(kernel)) {
                log.error(at, what + " " + shown + " is under " + kernel + ", a kernel file system", "a regular file on disk, e.g. /etc/ikd/...");
                return false;
            }
        }
        return true;
    }

    private static String kind(Path real) {
        if (Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) return "a directory";
        try {
            Object other = Files.readAttributes(real, "unix:mode", LinkOption.NOFOLLOW_LINKS).get("mode");
            if (other instanceof Integer mode) {
                return switch (mode & 0170000) {
                    case 0010000 -> "a FIFO (named pipe)";
                    case 0020000 -> "a character device";
                    case 0060000 -> "a block device";
                    case 0140000 -> "a socket";
                    default -> "not a regular file";
                };
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // no unix view: the generic words below
        }
        return "not a regular file";
    }

    static String mode(Set<PosixFilePermission> perms) {
        int m = 0;
        for (PosixFilePermission p : perms) m |= 0400 >> p.ordinal();
        return String.format("%04o", m);
    }

    private static String shellQuote(String s) {
        return s.matches("[A-Za-z0-9_./+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    static String reason(Exception e) {
        if (e instanceof NoSuchFileException) return "no such file";
        if (e instanceof AccessDeniedException) return "permission denied";
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }

    /** Hex digits {@code raw[from..to)} as bytes; null if not an even, non-zero count of hex digits. */
    private static byte[] fromHex(byte[] raw, int from, int to) {
        int n = to - from;
        if (n == 0 || n % 2 != 0) return null;
        byte[] out = new byte[n / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(raw[from + 2 * i], 16);
            int lo = Character.digit(raw[from + 2 * i + 1], 16);
            if (hi < 0 || lo < 0) {
                Arrays.fill(out, (byte) 0);
                return null;
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }
}
