package org.ikd.daemon.cli;

import java.util.List;

/** One named counter line of a statistics block: {@code "  Bad SPI Packets    3"}. */
record Counter(String name, long value) {

    /** Lines of {@code title}'s block; names padded to {@code nameWidth}, values right-aligned to {@code valueWidth}. */
    static String block(String title, List<Counter> counters, int nameWidth, int valueWidth) {
        StringBuilder b = new StringBuilder(title).append('\n');
        for (Counter c : counters)
            b.append("  ").append(TextTable.pad(c.name, nameWidth, false)).append("  ")
                    .append(TextTable.pad(Long.toString(c.value), valueWidth, true)).append('\n');
        return b.toString();
    }

    static int nameWidth(List<List<Counter>> blocks) {
        return blocks.stream().flatMap(List::stream).mapToInt(c -> c.name.length()).max().orElse(0);
    }

    static int valueWidth(List<List<Counter>> blocks) {
        return blocks.stream().flatMap(List::stream).mapToInt(c -> Long.toString(c.value).length()).max().orElse(1);
    }
}
