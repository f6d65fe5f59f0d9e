package org.ikd.daemon.policyfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 part 4: a policy too big for ikd's heap is refused in one line naming the limit,
 * before tomlj builds its parse tree; a file with many errors shows the first 20 and a count.
 */
class PolicyInputLimitsTest {
    @TempDir
    Path dir;
    PolicyFiles files;

    @BeforeEach
    void files() {
        files = new PolicyFiles(dir);
    }

    /** {@code n} rules as [[rules]] tables, all on one filter list and the built-in permit action. */
    private static String rules(int n) {
        StringBuilder b = new StringBuilder("[filter-lists.l]\nfilters = [ { source = \"me\", destination = \"198.18.0.2\" } ]\n");
        for (int i = 0; i < n; i++) b.append("[[rules]]\nname = \"r").append(i).append("\"\nfilter-list = \"l\"\nfilter-action = \"permit\"\n");
        return b.toString();
    }

    private static String only(PolicyFileException e) {
        assertEquals(1, e.errorCount(), e.getMessage());
        return e.errors().get(0).toString();
    }

    @Test
    void refusesMoreRulesThanTheLimitInOneLineNamingIt() {
        PolicyFileException e = files.reject(rules(5001));
        assertEquals(files.dir().resolve("policy.toml") + ": 5001 rules; ikd loads at most 5000 (limit of rules per policy: "
                + PolicyFileInput.WHY + ")", only(e));
    }

    @Test
    void loadsExactlyTheLimitOfRules() throws PolicyFileException {
        assertEquals(5000, files.parse(rules(5000)).rules().size());
    }

    @Test
    void refusesAnInlineArrayOfRulesOverTheLimitAtItsLine() {
        StringBuilder b = new StringBuilder("name = \"many\"\nrules = [\n");
        for (int i = 0; i < 5001; i++) b.append("  { name = \"r").append(i).append("\" },\n");
        PolicyFileException e = files.reject(b.append("]\n").toString());
        String line = only(e);
        assertTrue(line.contains("policy.toml:2:1: rules: 5001 rules; ikd loads at most 5000 (limit of rules per policy"), line);
    }

    @Test
    void refusesAFileLargerThanTheLimitBeforeReadingItAll() {
        String comment = "# " + "x".repeat(1021) + "\n";                  // 1 KiB per line
        PolicyFileException e = files.reject(comment.repeat(4096) + "#\n");  // 4 MiB + 2 bytes
        assertEquals(files.dir().resolve("policy.toml") + ": " + ((4 << 20) + 2) + " bytes; ikd reads at most 4194304"
                + " (limit of the policy file size: " + PolicyFileInput.WHY + ")", only(e));
    }

    @Test
    void namesTheRuleCountOfAFileOverTheSizeLimitWhenThatIsTheCause() {
        String padding = ("# " + "x".repeat(1021) + "\n").repeat(4096);
        PolicyFileException e = files.reject(rules(6000) + padding);
        assertEquals(files.dir().resolve("policy.toml") + ": 6000 rules; ikd loads at most 5000 (limit of rules per policy: "
                + PolicyFileInput.WHY + ")", only(e));
    }

    @Test
    void refusesAFileOfOneEndlessLineBySize() {
        PolicyFileException e = files.reject("x = \"" + "y".repeat(6 << 20) + "\"");      // 6 MiB + 6 bytes, no newline
        assertTrue(only(e).endsWith(": " + ((6 << 20) + 6) + " bytes; ikd reads at most 4194304 (limit of the policy file size: "
                + PolicyFileInput.WHY + ")"), only(e));
    }

    @Test
    void refusesMoreTomlTokensThanTheLimit() {
        // "1," is two tokens: 300,001 values and their commas are 600,001 tokens, plus "x", "=", "[" and "]"
        PolicyFileException e = files.reject("x = [" + "1,".repeat(300_000) + "1]\n");
        assertTrue(only(e).contains("policy.toml: more than 600000 TOML tokens (keys, values, brackets, commas); ikd parses at most 600000"),
                only(e));
    }

    @Test
    void refusesANonUtf8FileAtTheLineAndColumnOfTheFirstBadByte() throws IOException {
        // line 2: n a m e ' ' = ' ' " n é -> ten characters (é is two bytes), the Latin-1 0xFF is the eleventh
        byte[] text = "description = \"ok\"\nname = \"né\u0000\"\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        text[text.length - 3] = (byte) 0xff;
        Path file = Files.write(dir.resolve("policy.toml"), text);
        PolicyFileException e = org.junit.jupiter.api.Assertions.assertThrows(PolicyFileException.class, () -> files.parse(file));
        assertEquals(file + ":2:11: byte 0xFF is not UTF-8 (expected: a UTF-8 text file; convert it, e.g. iconv -f latin1 -t utf-8)", only(e));
    }

    @Test
    void showsTheFirstTwentyErrorsAndCountsTheRest() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 332; i++) b.append("unknown").append(i).append(" = 1\n");
        PolicyFileException e = files.reject(b.toString());
        List<String> lines = e.getMessage().lines().toList();
        assertEquals(21, lines.size());
        assertTrue(lines.get(0).contains("policy.toml:1:1: unknown0: unknown key 'unknown0'"), lines.get(0));
        assertTrue(lines.get(19).contains("policy.toml:20:1: unknown19: unknown key"), lines.get(19));
        assertEquals("... and 312 more errors", lines.get(20));
    }

    @Test
    void keepsAThousandErrorsButCountsThemAll() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 1500; i++) b.append("k").append(i).append(" = 1\n");
        PolicyFileException e = files.reject(b.toString());
        assertEquals(1500, e.errorCount());
        assertEquals(Diagnostics.KEPT, e.errors().size());
        assertTrue(e.getMessage().endsWith("... and 1480 more errors"), e.getMessage());
    }

    @Test
    void ikdCheckPrintsTheFirstTwentyErrorsTheCountAndTheTotal() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 25; i++) b.append("k").append(i).append(" = 1\n");
        Path file = files.write("policy.toml", b.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = new PolicyCheck(new PolicyFileParser(List.of(PolicyFiles.HOST_A))).run(file, new PrintWriter(out), new PrintWriter(err));
        List<String> lines = err.toString().lines().toList();
        assertEquals(PolicyCheck.INVALID, status);
        assertEquals(22, lines.size(), err.toString());
        assertEquals("... and 5 more errors", lines.get(20));
        assertEquals(file + ": policy NOT OK: 25 errors, 0 warnings", lines.get(21));
    }
}
