package org.ikd.daemon.log;

/**
 * One {@code key=value key="value with spaces"} line (logfmt style). A value stays bare when it
 * is made only of letters, digits and {@code . _ : / @ + -}; otherwise it is double-quoted with
 * {@code \\ \" \n \r \t} escaped and other control characters as {@code \\u00XX}, so a peer's
 * identity can never start a new line or forge a key. Null values are left out.
 */
final class KeyValueLine {
    private final StringBuilder b = new StringBuilder();
    private final java.util.Map<String, Object> fields = new java.util.LinkedHashMap<>();

    KeyValueLine add(String key, Object value) {
        if (value == null) return this;
        fields.put(key, value);
        if (b.length() > 0) b.append(' ');
        b.append(key).append('=');
        String v = value.toString();
        if (bare(v)) return append(v);
        b.append('"');
        for (int i = 0; i < v.length(); i++) escape(v.charAt(i));
        b.append('"');
        return this;
    }

    private KeyValueLine append(String v) {
        b.append(v);
        return this;
    }

    private static boolean bare(String v) {
        if (v.isEmpty()) return false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || ".:/@+-_".indexOf(c) >= 0;
            if (!ok) return false;
        }
        return true;
    }

    private void escape(char c) {
        switch (c) {
            case '"' -> b.append("\\\"");
            case '\\' -> b.append("\\\\");
            case '\n' -> b.append("\\n");
            case '\r' -> b.append("\\r");
            case '\t' -> b.append("\\t");
            default -> {
                if (c < 0x20 || c == 0x7f) b.append(String.format("\\u%04x", (int) c));
                else b.append(c);
            }
        }
    }

    /** The same keys and values, typed, in order: SLF4J key-value pairs for the journal and ikdctl events. */
    java.util.Map<String, Object> fields() {
        return java.util.Collections.unmodifiableMap(fields);
    }

    @Override
    public String toString() {
        return b.toString();
    }
}
