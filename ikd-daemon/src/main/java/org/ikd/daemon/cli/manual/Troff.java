package org.ikd.daemon.cli.manual;

/**
 * A manual page in man(7) macros, written line by line. Text is escaped so that no input line
 * becomes a request: a backslash is written {@code \e}, a line starting with a dot or an apostrophe
 * gets a zero-width {@code \&} first, and a hyphen in an option name is {@code \-} (groff(7)).
 */
final class Troff {
    private final StringBuilder out = new StringBuilder();

    /** {@code .TH}: the title line. {@code date} is the build's, so two builds of one commit match. */
    Troff title(String name, int section, String date, String source, String manual) {
        out.append(".TH ").append(quoted(name.toUpperCase(java.util.Locale.ROOT))).append(' ').append(section)
                .append(' ').append(quoted(date)).append(' ').append(quoted(source)).append(' ')
                .append(quoted(manual)).append('\n');
        return this;
    }

    Troff section(String heading) {
        out.append(".SH ").append(quoted(heading.toUpperCase(java.util.Locale.ROOT))).append('\n');
        return this;
    }

    Troff subsection(String heading) {
        out.append(".SS ").append(quoted(heading)).append('\n');
        return this;
    }

    /** A new paragraph of running text (filled). */
    Troff paragraph(String text) {
        out.append(".PP\n");
        return text(text);
    }

    /** A paragraph break alone, before {@link #formatted} lines. */
    Troff paragraph() {
        out.append(".PP\n");
        return this;
    }

    /** Running text without a paragraph break; escaped here. */
    Troff text(String text) {
        for (String line : text.split("\n", -1))
            if (!line.isBlank()) formatted(escape(line.strip()));
        return this;
    }

    /** One line already in troff (escaped, with font changes): only a leading request character is guarded. */
    Troff formatted(String line) {
        out.append(line.startsWith(".") || line.startsWith("'") ? "\\&" : "").append(line).append('\n');
        return this;
    }

    /** {@code .TP}: a tagged paragraph; the tag is already troff (see {@link #bold}), the text is escaped here. */
    Troff tagged(String tag, String text) {
        out.append(".TP\n");
        formatted(tag);
        return text(text);
    }

    /** A line break inside a paragraph. */
    Troff lineBreak() {
        out.append(".br\n");
        return this;
    }

    /** An indented list item; the line is already troff. */
    Troff item(String line) {
        out.append(".IP \\(bu 2\n");
        return formatted(line);
    }

    /** Literal lines (a code block): no filling, no adjustment. */
    Troff literal(Iterable<String> lines) {
        out.append(".PP\n.RS 4\n.nf\n");
        for (String l : lines) formatted(l.isEmpty() ? "" : escape(l));
        out.append(".fi\n.RE\n");
        return this;
    }

    /** Bold text, for inline use inside a line this class escapes itself. */
    static String bold(String text) {
        return "\\fB" + escape(text) + "\\fR";
    }

    static String italic(String text) {
        return "\\fI" + escape(text) + "\\fR";
    }

    /**
     * Escapes a backslash, marks hyphens as hyphen-minus (which options need to be typed), and
     * writes any other than ASCII as a groff Unicode escape, so the page needs no input encoding.
     */
    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length() + 8);
        text.codePoints().forEach(c -> {
            if (c == '\\') b.append("\\e");
            else if (c == '-') b.append("\\-");
            else if (c < 128) b.append((char) c);
            else b.append(String.format("\\[u%04X]", c));
        });
        return b.toString();
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\"", "\\(dq") + "\"";
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
