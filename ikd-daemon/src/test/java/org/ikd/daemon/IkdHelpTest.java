package org.ikd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --help} runs nothing and no help text is cut: the command list shows whole sentences. */
class IkdHelpTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int ikd(String... args) {
        return Ikd.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Each entry of the "Commands:" list, its wrapped lines joined. */
    private static List<String> commandSummaries(String help) {
        List<String> entries = new ArrayList<>();
        boolean in = false;
        for (String line : help.lines().toList()) {
            if (line.equals("Commands:")) in = true;
            else if (in && line.startsWith("  ") && !line.startsWith("    ")) entries.add(line.trim());
            else if (in && line.startsWith("    ")) entries.set(entries.size() - 1, entries.get(entries.size() - 1) + " " + line.trim());
            else if (in) break;
        }
        return entries;
    }

    @Test
    void everyCommandInIkdHelpIsAWholeSentence() {
        assertEquals(0, ikd("--help"));
        List<String> summaries = commandSummaries(out());
        assertEquals(3, summaries.size(), out());
        for (String s : summaries) assertTrue(s.endsWith("."), "cut: '" + s + "'\n" + out());
        assertEquals("train Run the start-up code once, without root or side effects, for a class-data archive.",
                summaries.get(2).replaceAll("\\s+", " "), out());
    }

    @Test
    void trainHelpPrintsItsUsageAndTrainsNothing() {
        assertEquals(0, ikd("train", "--help"));
        assertTrue(out().startsWith("Usage: ikd train"), out());
        assertTrue(out().contains("Under -XX:ArchiveClassesAtExit=FILE the JVM writes the archive at exit"), out());
        assertFalse(out().contains("trained:"), "train did not run: " + out());
    }

    @Test
    void runHelpPrintsItsUsageAndStartsNothing() {
        assertEquals(0, ikd("run", "--help", "--config", "/nonexistent.toml"));
        assertTrue(out().startsWith("Usage: ikd run"), out());
        assertEquals("", err.toString(StandardCharsets.UTF_8), "no start-up, no capability check");
    }
}
