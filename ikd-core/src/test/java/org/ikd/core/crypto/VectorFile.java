package org.ikd.core.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the test-vector files under {@code src/test/resources/vectors}: {@code key = value}
 * lines, {@code #} comments and blank lines ignored, keys unique within a record. A line
 * {@code [name]} starts a new record (the strongSwan files have none: one record per file).
 *
 * <p>Byte values are hex (whitespace allowed, as RFCs print it), {@code "ASCII text"}, or
 * {@code aa x 80} for a repeated byte. Shared with ikd-esp through the test jar.
 */
public final class VectorFile {
    private static final Pattern REPEAT = Pattern.compile("([0-9a-fA-F]{2})\\s+x\\s+(\\d+)");

    private VectorFile() {}

    /** One named record of a vector file. */
    public static final class Record {
        private final String source;
        private final String name;
        private final Map<String, String> values = new LinkedHashMap<>();

        Record(String source, String name) {
            this.source = source;
            this.name = name;
        }

        public String name() {
            return name;
        }

        public boolean has(String key) {
            return values.containsKey(key);
        }

        public Map<String, String> values() {
            return Collections.unmodifiableMap(values);
        }

        public String text(String key) {
            String v = values.get(key);
            if (v == null) throw new IllegalArgumentException(this + " has no '" + key + "'");
            return v;
        }

        public int integer(String key) {
            return Integer.parseInt(text(key));
        }

        public Bytes bytes(String key) {
            return parse(text(key));
        }

        public byte[] array(String key) {
            return bytes(key).toArray();
        }

        public Secret secret(String key) {
            return Secret.of(array(key));
        }

        @Override
        public String toString() {
            return source + (name.isEmpty() ? "" : " [" + name + "]");
        }
    }

    /** Parses one byte value. */
    public static Bytes parse(String value) {
        String v = value.strip();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return Bytes.of(v.substring(1, v.length() - 1).getBytes(StandardCharsets.US_ASCII));
        }
        Matcher m = REPEAT.matcher(v);
        if (m.matches()) {
            byte[] b = new byte[Integer.parseInt(m.group(2))];
            java.util.Arrays.fill(b, (byte) Integer.parseInt(m.group(1), 16));
            return Bytes.of(b);
        }
        return Bytes.fromHex(v);
    }

    /** Every record of a class-path resource, in file order. */
    public static List<Record> load(String resource) {
        List<Record> records = new ArrayList<>();
        Record current = new Record(resource, "");
        int lineNumber = 0;
        for (String raw : read(resource).split("\\R")) {
            lineNumber++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (line.startsWith("[") && line.endsWith("]")) {
                if (!current.values.isEmpty()) records.add(current);
                current = new Record(resource, line.substring(1, line.length() - 1).strip());
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException(resource + ":" + lineNumber + ": no '=' in " + line);
            String key = line.substring(0, eq).strip();
            if (current.values.put(key, line.substring(eq + 1).strip()) != null) {
                throw new IllegalArgumentException(resource + ":" + lineNumber + ": duplicate key " + key);
            }
        }
        if (!current.values.isEmpty()) records.add(current);
        return records;
    }

    /** The single record of a file without sections. */
    public static Record loadOne(String resource) {
        List<Record> records = load(resource);
        if (records.size() != 1) {
            throw new IllegalArgumentException(resource + " has " + records.size() + " records (expected: 1)");
        }
        return records.get(0);
    }

    private static String read(String resource) {
        try (InputStream in = VectorFile.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalArgumentException("missing test resource " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
