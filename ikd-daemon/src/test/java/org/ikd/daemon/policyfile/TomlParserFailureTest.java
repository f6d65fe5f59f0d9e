package org.ikd.daemon.policyfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found by fuzzing (PolicyFileParserFuzzTest, docs/security.md): on some malformed files tomlj
 * 2.2.0 throws instead of reporting a parse error: a NullPointerException in
 * ValueVisitor.lineBreaksAndTrailingComma (inline tables), an AssertionError in
 * LineVisitor.recordHeader (array-of-tables headers; with assertions on, as under surefire). The
 * parser must report them like any syntax error, not crash {@code ikd check} or a reload. The
 * inputs are the fuzzer's, kept in the fuzz corpus: shortened by hand they stop failing, as
 * tomlj's behaviour on them depends on what it parsed before.
 */
class TomlParserFailureTest {
    @TempDir
    Path dir;

    private static final String CORPUS = "/org/ikd/daemon/fuzz/PolicyFileParserFuzzTestInputs/policyFiles/";

    @Test
    void reportsAnInlineTableTheTomlLibraryChokesOnAsASyntaxError() throws Exception {
        refusedAsSyntax("crash-tomlj-npe-inline-table");
    }

    @Test
    void reportsATableHeaderTheTomlLibraryAssertsOnAsASyntaxError() throws Exception {
        refusedAsSyntax("crash-tomlj-assertion-array-table-header");
    }

    private void refusedAsSyntax(String input) throws Exception {
        Path policy = dir.resolve("policy.toml");
        try (var in = getClass().getResourceAsStream(CORPUS + input)) {
            java.nio.file.Files.write(policy, in.readAllBytes());
        }
        PolicyFileException e = assertThrows(PolicyFileException.class, () -> new PolicyFileParser().parse(policy));
        assertEquals(1, e.errors().size(), e.errors().toString());
        assertEquals(Location.FILE, e.errors().get(0).at());
        assertTrue(e.errors().get(0).message().startsWith("TOML syntax: the TOML parser gave up on this file"),
                e.errors().get(0).message());
    }
}
