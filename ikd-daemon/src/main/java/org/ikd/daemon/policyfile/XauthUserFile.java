package org.ikd.daemon.policyfile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.Secret;
import org.ikd.core.policy.XauthUsers;

/**
 * The XAUTH users of a remote-access rule ({@code users-file}): private like a PSK file (mode 0600 or
 * stricter, checked as {@link KeyFile} checks PSK files), one {@code name:password} per line, blank lines
 * and {@code #} comments allowed. Errors name the line but never show a password. A user name is
 * printable ASCII without {@code :} (it appears in the Oakley log).
 */
final class XauthUserFile {
    static final int MAX_BYTES = 1 << 20;

    private XauthUserFile() {}

    /** The users of {@code file}; empty when refused (reported at {@code at}). */
    static Optional<XauthUsers> read(Path file, Location at, Diagnostics log) {
        if (!KeyFile.checkPrivate(file, "XAUTH users file", at, log)) return Optional.empty();
        byte[] raw;
        try (InputStream in = Files.newInputStream(file.toRealPath())) {
            raw = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            log.error(at, "cannot read XAUTH users file " + file + ": " + KeyFile.reason(e), "a file the ikd user can read, mode 0600");
            return Optional.empty();
        }
        try {
            if (raw.length > MAX_BYTES) {
                log.error(at, "XAUTH users file " + file + " is larger than " + MAX_BYTES + " bytes", "one name:password per line");
                return Optional.empty();
            }
            return parse(file, raw, at, log);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private static Optional<XauthUsers> parse(Path file, byte[] raw, Location at, Diagnostics log) {
        Map<String, Secret> users = new LinkedHashMap<>();
        int line = 0;
        int start = 0;
        boolean ok = true;
        for (int i = 0; i <= raw.length; i++) {
            if (i < raw.length && raw[i] != '\n') continue;
            line++;
            int end = i > start && raw[i - 1] == '\r' ? i - 1 : i;
            ok &= entry(raw, start, end, file + ":" + line, users, at, log);
            start = i + 1;
        }
        if (ok && users.isEmpty()) {
            log.error(at, "XAUTH users file " + file + " names no user", "one name:password per line, e.g. alice:...");
            ok = false;
        }
        if (!ok) {
            users.values().forEach(Secret::destroy);
            return Optional.empty();
        }
        return Optional.of(new Users(Map.copyOf(users)));
    }

    /** One line {@code [start, end)}: blank, a comment, or name:password. */
    private static boolean entry(byte[] raw, int start, int end, String where, Map<String, Secret> users, Location at, Diagnostics log) {
        if (end == start || raw[start] == '#') return true;
        int colon = -1;
        for (int i = start; i < end; i++) if (raw[i] == ':') { colon = i; break; }
        if (colon <= start || colon == end - 1) {
            log.error(at, where + ": not name:password (line not shown: it may hold a password)", "one name:password per line");
            return false;
        }
        String name = new String(raw, start, colon - start, StandardCharsets.US_ASCII);
        if (!name.chars().allMatch(c -> c > 0x20 && c < 0x7f) || name.length() > 64) {
            log.error(at, where + ": the user name is not 1..64 printable ASCII characters without spaces", "e.g. alice:...");
            return false;
        }
        if (users.containsKey(name)) {
            log.error(at, where + ": user '" + name + "' is listed twice", "one line per user");
            return false;
        }
        users.put(name, Secret.adopt(Arrays.copyOfRange(raw, colon + 1, end)));
        return true;
    }

    /** Passwords kept as secrets; compared in constant time (the length of the stored one may leak). */
    private record Users(Map<String, Secret> passwords) implements XauthUsers {
        @Override
        public boolean verify(String user, Bytes password) {
            Secret stored = passwords.get(user);
            if (stored == null || stored.isDestroyed()) return false;
            byte[] offered = password.toArray();
            try {
                return stored.apply(b -> MessageDigest.isEqual(b, offered));
            } finally {
                Arrays.fill(offered, (byte) 0);
            }
        }

        @Override
        public String toString() {
            return "XAUTH users " + passwords.keySet();
        }
    }
}
