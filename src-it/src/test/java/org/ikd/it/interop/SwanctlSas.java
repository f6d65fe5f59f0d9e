package org.ikd.it.interop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code swanctl --list-sas --raw} says: one {@code list-sa event {NAME {key=value ... child-sas
 * {NAME {...}}}}} per IKE SA, in vici's raw notation (sections in braces, lists in brackets). Only
 * the shape is interpreted here; field names are strongSwan's (vici README, "list-sa").
 */
record SwanctlSas(List<IkeSa> ikeSas) {
    /** One IKE SA: its vici fields and its CHILD SAs. */
    record IkeSa(String name, Map<String, String> fields, List<ChildSa> children) {
        String get(String key) {
            return fields.get(key);
        }
    }

    /** One CHILD SA (IPsec SA pair) by its vici fields. */
    record ChildSa(String name, Map<String, String> fields) {
        String get(String key) {
            return fields.get(key);
        }
    }

    static SwanctlSas parse(String raw) {
        List<IkeSa> out = new ArrayList<>();
        for (String line : raw.split("\n")) {
            line = line.strip();
            if (!line.startsWith("list-sa event")) continue;
            Section event = new Parser(line.substring("list-sa event".length())).section();
            for (Map.Entry<String, Section> ike : event.sections.entrySet()) {
                List<ChildSa> children = new ArrayList<>();
                Section childSas = ike.getValue().sections.get("child-sas");
                if (childSas != null)
                    childSas.sections.forEach((name, c) -> children.add(new ChildSa(name, c.values)));
                out.add(new IkeSa(ike.getKey(), ike.getValue().values, children));
            }
        }
        return new SwanctlSas(out);
    }

    /** The one IKE SA; fails when there is none or more. */
    IkeSa only() {
        if (ikeSas.size() != 1) throw new AssertionError("expected one IKE SA, found " + ikeSas.size() + ": " + ikeSas);
        return ikeSas.get(0);
    }

    /** A vici section: values, lists (joined by spaces) and subsections, in order. */
    private static final class Section {
        final Map<String, String> values = new LinkedHashMap<>();
        final Map<String, Section> sections = new LinkedHashMap<>();
    }

    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        /** At "{": reads up to the matching "}". */
        Section section() {
            skipSpaces();
            expect('{');
            Section out = new Section();
            while (true) {
                skipSpaces();
                if (peek() == '}') {
                    i++;
                    return out;
                }
                String key = word();
                skipSpaces();
                if (peek() == '{') {
                    out.sections.put(key, section());
                } else {
                    expect('=');
                    out.values.put(key, peek() == '[' ? list() : word());
                }
            }
        }

        private String list() {
            expect('[');
            int end = s.indexOf(']', i);
            if (end < 0) throw new IllegalArgumentException("unterminated list at " + i + " in: " + s);
            String items = s.substring(i, end).strip().replaceAll("\\s+", " ");
            i = end + 1;
            return items;
        }

        private String word() {
            int start = i;
            while (i < s.length() && " ={}[]".indexOf(s.charAt(i)) < 0) i++;
            if (start == i) throw new IllegalArgumentException("expected a word at " + i + " in: " + s);
            return s.substring(start, i);
        }

        private void skipSpaces() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        private char peek() {
            if (i >= s.length()) throw new IllegalArgumentException("unexpected end of: " + s);
            return s.charAt(i);
        }

        private void expect(char c) {
            if (peek() != c) throw new IllegalArgumentException("expected '" + c + "' at " + i + " in: " + s);
            i++;
        }
    }
}
