package org.ikd.daemon.cli.manual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.ikd.daemon.cli.Ikdctl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManualPagesTest {
    @Test
    void escapesWhatTroffWouldReadAsRequestsOrEscapes() {
        assertEquals("\\-\\-peer C:\\eikd \\[u2192] \\[u00A7]5.5", Troff.escape("--peer C:\\ikd \u2192 \u00a75.5"));
        String page = new Troff().text(".hidden request\n'another").toString();
        assertEquals("\\&.hidden request\n\\&'another\n", page);
    }

    @Test
    void turnsMarkdownInlineMarkupIntoFonts() {
        assertEquals("run \\fBikd check\\fR on \\fIeach\\fR file, see operations", MarkdownManual.inline("run `ikd check` on *each* file, see [operations](operations.md)"));
    }

    @Test
    void turnsATableRowIntoATaggedParagraphWithItsColumnNames() {
        String md = "# T\n\n## Keys\n\n| key | type | default | meaning |\n|---|---|---|---|\n| `name` | string | `\"x\"` | the name |\n";
        String page = MarkdownManual.page(md, "p", 5, "s", "2026-12-07", "1");
        assertTrue(page.contains(".SH \"KEYS\"\n.TP\n\\fBname\\fR\n\\fItype\\fR: string; \\fIdefault\\fR: \\fB\"x\"\\fR\n.br\nthe name\n"), page);
    }

    /** gzip -9n's header (RFC 1952 §2.3): no name, MTIME 0, XFL 2; and the data reads back. */
    @Test
    void gzipsAsGzipNineWithoutNameOrTime(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.gz");
        ManualPages.gzip(f, "hello manual\n".repeat(100));
        byte[] b = Files.readAllBytes(f);
        assertEquals(0x1f, b[0] & 0xff);
        assertEquals(0x8b, b[1] & 0xff);
        assertEquals(0, b[3], "FLG: no name");
        assertEquals(0, b[4] | b[5] | b[6] | b[7], "MTIME 0");
        assertEquals(2, b[8], "XFL: maximum compression");
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
            assertEquals("hello manual\n".repeat(100), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void theIkdctlPageListsEverySubcommandWithItsOptions() {
        String page = CommandManual.page(Ikdctl.commandLine(), "2026-12-07", "1", java.util.List.of());
        for (String sub : Ikdctl.commandLine().getSubcommands().keySet())
            assertTrue(page.contains(".SS \"" + sub), "ikdctl(8) has a subsection for " + sub);
        assertTrue(page.contains("\\fB\\-\\-socket\\fR \\fIPATH\\fR"), page);
        assertFalse(page.contains("%n"), "picocli's %n is a line break, not text");
    }

    @Test
    void theCompletionScriptHasNoHashbang() {
        String script = ManualPages.completion("ikdctl", Ikdctl.commandLine());
        assertFalse(script.startsWith("#!"));
        assertTrue(script.contains("complete -F _complete_ikdctl"), script.substring(0, 200));
    }
}
