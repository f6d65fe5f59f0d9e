package org.ikd.daemon.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An aligned text table: a header row, then rows; columns two spaces apart, numbers right-aligned
 * where asked, no trailing spaces. A cell with '\n' spans several lines (the other cells of
 * those lines stay empty), for lists such as a rule's security methods.
 */
final class TextTable {
    private final String[] headers;
    private final boolean[] right;
    private final List<String[]> rows = new ArrayList<>();

    TextTable(String... headers) {
        this.headers = headers.clone();
        this.right = new boolean[headers.length];
    }

    /** Right-aligns the given columns (0-based). */
    TextTable rightAligned(int... columns) {
        for (int c : columns) right[c] = true;
        return this;
    }

    TextTable row(Object... cells) {
        if (cells.length != headers.length)
            throw new IllegalArgumentException(cells.length + " cells for " + headers.length + " columns");
        String[][] lines = new String[cells.length][];
        int height = 1;
        for (int c = 0; c < cells.length; c++) {
            lines[c] = String.valueOf(cells[c] == null ? "-" : cells[c]).split("\n", -1);
            height = Math.max(height, lines[c].length);
        }
        for (int l = 0; l < height; l++) {
            String[] row = new String[cells.length];
            for (int c = 0; c < cells.length; c++) row[c] = l < lines[c].length ? lines[c][l] : "";
            rows.add(row);
        }
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The table, each line starting with {@code indent} and ending with '\n'. */
    String render(String indent) {
        int[] width = new int[headers.length];
        for (int c = 0; c < headers.length; c++) width[c] = headers[c].length();
        for (String[] r : rows)
            for (int c = 0; c < r.length; c++) width[c] = Math.max(width[c], r[c].length());
        StringBuilder b = new StringBuilder();
        line(b, indent, headers, width);
        for (String[] r : rows) line(b, indent, r, width);
        return b.toString();
    }

    private void line(StringBuilder b, String indent, String[] cells, int[] width) {
        StringBuilder l = new StringBuilder(indent);
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) l.append("  ");
            l.append(right[c] ? pad(cells[c], width[c], true) : pad(cells[c], width[c], false));
        }
        int end = l.length();
        while (end > 0 && l.charAt(end - 1) == ' ') end--;
        b.append(l, 0, end).append('\n');
    }

    static String pad(String s, int width, boolean left) {
        if (s.length() >= width) return s;
        char[] fill = new char[width - s.length()];
        Arrays.fill(fill, ' ');
        return left ? new String(fill) + s : s + new String(fill);
    }
}
