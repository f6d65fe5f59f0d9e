package org.ikd.daemon.policyfile;

import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/**
 * One table of the policy file with its key path: reads typed values and reports, with the
 * key's line and column, every value of the wrong type, out of range or not allowed here.
 * A getter that reports an error returns the default (or empty) so the parse goes on.
 */
final class TomlSection {
    /** A string taken from the file, with where it was written. */
    record Item(String value, Location at) {}

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smhd])");
    static final String DURATION_FORMS = "30s, 5m, 8h, 1d, 1h30m or an integer of seconds";

    private final TomlTable table;
    private final String path;
    private final Location at;
    private final Diagnostics log;

    TomlSection(TomlTable table, String path, Location at, Diagnostics log) {
        this.table = table;
        this.path = path;
        this.at = at;
        this.log = log;
    }

    String path() {
        return path;
    }

    Location at() {
        return at;
    }

    Diagnostics log() {
        return log;
    }

    Collection<String> keys() {
        return table.keySet();
    }

    boolean has(String key) {
        return table.contains(List.of(key));
    }

    String child(String key) {
        String k = key.matches("[A-Za-z0-9_-]+") ? key : '"' + key + '"';
        return path.isEmpty() ? k : path + "." + k;
    }

    Location at(String key) {
        return Location.of(child(key), table.inputPositionOf(List.of(key)), at);
    }

    /** Reports every key of this table that is not in {@code known}, with the nearest known one. */
    void allowOnly(List<String> known) {
        for (String key : table.keySet()) {
            if (known.contains(key)) continue;
            String hint = DidYouMean.nearest(key, known).map(s -> ", did you mean '" + s + "'?").orElse("");
            log.error(at(key), "unknown key '" + key + "'" + hint, "one of " + String.join(", ", known));
        }
    }

    Object raw(String key) {
        return table.get(List.of(key));
    }

    /** The string at {@code key}, or empty if absent or of another type (reported). */
    Optional<Item> string(String key) {
        Object v = raw(key);
        if (v == null) return Optional.empty();
        if (v instanceof String s) return Optional.of(new Item(s, at(key)));
        typeError(at(key), v, "a string");
        return Optional.empty();
    }

    /** Like {@link #string} but reports a missing key. */
    Optional<Item> requiredString(String key, String expected) {
        if (!has(key)) {
            log.error(at, "missing key '" + key + "'", expected);
            return Optional.empty();
        }
        return string(key);
    }

    boolean bool(String key, boolean absent) {
        Object v = raw(key);
        if (v == null) return absent;
        if (v instanceof Boolean b) return b;
        typeError(at(key), v, "true or false");
        return absent;
    }

    /** An integer in {@code min..max}; {@code absent} when missing or wrong (reported). */
    long integer(String key, long absent, long min, long max) {
        Object v = raw(key);
        if (v == null) return absent;
        if (!(v instanceof Long n)) {
            typeError(at(key), v, "an integer " + min + ".." + max);
            return absent;
        }
        if (n < min || n > max) {
            log.error(at(key), key + " = " + n + " is out of range", "an integer " + min + ".." + max);
            return absent;
        }
        return n;
    }

    /** A duration in seconds: {@value #DURATION_FORMS}; at least {@code min} seconds. */
    long seconds(String key, long absent, long min) {
        Object v = raw(key);
        if (v == null) return absent;
        long s;
        if (v instanceof Long n) {
            s = n;
        } else if (v instanceof String text) {
            s = parseDuration(text.trim());
            if (s < 0) {
                log.error(at(key), "'" + text + "' is not a duration", DURATION_FORMS);
                return absent;
            }
        } else {
            typeError(at(key), v, DURATION_FORMS);
            return absent;
        }
        if (s < min) {
            log.error(at(key), key + " of " + s + "s is too short", "at least " + min + "s");
            return absent;
        }
        return s;
    }

    /** "1h30m" → 5400; -1 when not a duration. */
    static long parseDuration(String text) {
        Matcher m = DURATION.matcher(text);
        long total = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total += n * switch (m.group(2)) {
                case "s" -> 1L;
                case "m" -> 60L;
                case "h" -> 3600L;
                default -> 86400L;
            };
            end = m.end();
        }
        return end == text.length() && end > 0 ? total : -1;
    }

    /** The strings at {@code key}: an array of strings, or one string if {@code single} allows it. */
    List<Item> strings(String key, boolean single) {
        Object v = raw(key);
        List<Item> out = new ArrayList<>();
        if (v == null) return out;
        if (single && v instanceof String s) {
            out.add(new Item(s, at(key)));
            return out;
        }
        if (!(v instanceof TomlArray a)) {
            typeError(at(key), v, single ? "a string or an array of strings" : "an array of strings");
            return out;
        }
        for (int i = 0; i < a.size(); i++) {
            Location where = element(key, a, i);
            if (a.get(i) instanceof String s) out.add(new Item(s, where));
            else typeError(where, a.get(i), "a string");
        }
        return out;
    }

    /** The tables at {@code key}: an array of (inline) tables. */
    List<TomlSection> tables(String key) {
        Object v = raw(key);
        List<TomlSection> out = new ArrayList<>();
        if (v == null) return out;
        if (!(v instanceof TomlArray a)) {
            typeError(at(key), v, "an array of tables, e.g. [ { ... }, { ... } ]");
            return out;
        }
        for (int i = 0; i < a.size(); i++) {
            Location where = element(key, a, i);
            if (a.get(i) instanceof TomlTable t) out.add(new TomlSection(t, where.keyPath(), where, log));
            else typeError(where, a.get(i), "a table { ... }");
        }
        return out;
    }

    /** The table at {@code key}, or empty if absent or not a table (reported). */
    Optional<TomlSection> table(String key) {
        Object v = raw(key);
        if (v == null) return Optional.empty();
        if (v instanceof TomlTable t) return Optional.of(new TomlSection(t, child(key), at(key), log));
        typeError(at(key), v, "a table");
        return Optional.empty();
    }

    /** Each sub-table of this table, by name (for {@code [filter-lists.NAME]}). */
    List<TomlSection> namedTables() {
        List<TomlSection> out = new ArrayList<>();
        for (String name : table.keySet()) {
            Object v = raw(name);
            if (v instanceof TomlTable t) out.add(new TomlSection(t, child(name), at(name), log));
            else typeError(at(name), v, "a table [" + child(name) + "]");
        }
        return out;
    }

    /** The last component of this section's key path (the NAME of {@code [filter-lists.NAME]}). */
    String name() {
        int dot = path.lastIndexOf('.');
        String n = dot < 0 ? path : path.substring(dot + 1);
        return n.startsWith("\"") ? n.substring(1, n.length() - 1) : n;
    }

    void typeError(Location where, Object value, String expected) {
        log.error(where, "is " + typeName(value), expected);
    }

    private Location element(String key, TomlArray a, int i) {
        return Location.of(child(key) + "[" + i + "]", a.inputPositionOf(i), at(key));
    }

    static String typeName(Object v) {
        if (v instanceof String s) return "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
        if (v instanceof Long || v instanceof Double) return "the number " + v;
        if (v instanceof Boolean) return "the boolean " + v;
        if (v instanceof TomlArray) return "an array";
        if (v instanceof TomlTable) return "a table";
        if (v instanceof Temporal) return "a date/time";
        return "a " + v.getClass().getSimpleName();
    }
}
