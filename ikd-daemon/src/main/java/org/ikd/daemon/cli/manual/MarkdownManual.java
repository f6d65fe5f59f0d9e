package org.ikd.daemon.cli.manual;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A manual page made from one of ikd's Markdown documents (the policy reference becomes
 * ikd.policy(5)), so the page and the document cannot disagree. It knows the Markdown the docs use:
 * headings, paragraphs, bullet and numbered lists, fenced code, pipe tables (a row becomes a tagged
 * paragraph: the first cell is the tag, the other cells follow under their column names) and inline
 * code, bold, italic and links (the link's text is kept).
 */
final class MarkdownManual {
    private static final Pattern INLINE = Pattern.compile("`([^`]+)`|\\*\\*([^*]+)\\*\\*|\\*([^*\\s][^*]*)\\*|\\[([^\\]]+)\\]\\([^)]*\\)");
    private static final Pattern LIST_ITEM = Pattern.compile("^(\\s*)([-*]|\\d+\\.)\\s+(.*)$");

    private MarkdownManual() {}

    /**
     * The page: {@code name(section)}, its one-line summary, then the document without its first
     * heading (the title), whose first paragraphs become the DESCRIPTION.
     */
    static String page(String markdown, String name, int section, String summary, String date, String version) {
        Troff t = new Troff().title(name, section, date, "ikd " + version, "ikd manual");
        t.section("Name").formatted(Troff.escape(name) + " \\- " + Troff.escape(summary));
        t.section("Description");
        List<String> lines = markdown.lines().toList();
        int i = 0;
        while (i < lines.size() && !lines.get(i).startsWith("# ")) i++;
        i++;
        List<String> paragraph = new ArrayList<>();
        while (i < lines.size()) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                flush(t, paragraph);
                List<String> code = new ArrayList<>();
                for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) code.add(lines.get(i));
                t.literal(code);
            } else if (line.startsWith("## ")) {
                flush(t, paragraph);
                t.section(plain(line.substring(3)));
            } else if (line.startsWith("#")) {
                flush(t, paragraph);
                t.subsection(plain(line.replaceFirst("^#+\\s*", "")));
            } else if (line.startsWith("|")) {
                flush(t, paragraph);
                i = table(t, lines, i) - 1;
            } else if (LIST_ITEM.matcher(line).matches()) {
                flush(t, paragraph);
                Matcher m = LIST_ITEM.matcher(line);
                m.matches();
                StringBuilder item = new StringBuilder(m.group(3));
                while (i + 1 < lines.size() && lines.get(i + 1).startsWith("  ") && !LIST_ITEM.matcher(lines.get(i + 1)).matches())
                    item.append(' ').append(lines.get(++i).strip());
                t.item(inline(item.toString()));
            } else if (line.isBlank()) {
                flush(t, paragraph);
            } else {
                paragraph.add(line.strip());
            }
            i++;
        }
        flush(t, paragraph);
        return t.toString();
    }

    private static void flush(Troff t, List<String> paragraph) {
        if (paragraph.isEmpty()) return;
        t.paragraph();
        for (String l : paragraph) t.formatted(inline(l));
        paragraph.clear();
    }

    /** Rows from {@code start} to the first non-table line; returns that line's index. */
    private static int table(Troff t, List<String> lines, int start) {
        List<String> header = cells(lines.get(start));
        int i = start + 1;
        if (i < lines.size() && lines.get(i).matches("\\|[-:| ]+\\|?\\s*")) i++;
        for (; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            List<String> row = cells(lines.get(i));
            if (row.isEmpty()) continue;
            StringBuilder attributes = new StringBuilder();
            for (int c = 1; c < row.size() - 1 && c < header.size(); c++) {
                if (row.get(c).isBlank()) continue;
                if (attributes.length() > 0) attributes.append("; ");
                attributes.append(Troff.italic(header.get(c))).append(": ").append(inline(row.get(c)));
            }
            t.tagged(inline(row.get(0)), "");
            if (attributes.length() > 0) t.formatted(attributes.toString()).lineBreak();
            if (row.size() > 1) t.formatted(inline(row.get(row.size() - 1)));
        }
        return i;
    }

    /** The cells of a pipe-table row; a {@code \|} inside a cell stays a bar. */
    private static List<String> cells(String row) {
        String r = row.strip();
        if (r.startsWith("|")) r = r.substring(1);
        if (r.endsWith("|")) r = r.substring(0, r.length() - 1);
        List<String> out = new ArrayList<>();
        for (String c : r.split("(?<!\\\\)\\|", -1)) out.add(c.strip().replace("\\|", "|"));
        return out;
    }

    /** Markdown inline markup to troff: code and bold in bold, emphasis in italic, links as their text. */
    static String inline(String md) {
        Matcher m = INLINE.matcher(md);
        StringBuilder b = new StringBuilder();
        int last = 0;
        while (m.find()) {
            b.append(Troff.escape(md.substring(last, m.start())));
            if (m.group(1) != null) b.append(Troff.bold(m.group(1)));
            else if (m.group(2) != null) b.append(Troff.bold(m.group(2)));
            else if (m.group(3) != null) b.append(Troff.italic(m.group(3)));
            else b.append(Troff.escape(m.group(4)));
            last = m.end();
        }
        return b.append(Troff.escape(md.substring(last))).toString();
    }

    private static String plain(String heading) {
        return heading.replace("`", "").strip();
    }
}
