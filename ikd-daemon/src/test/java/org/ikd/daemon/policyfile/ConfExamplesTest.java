package org.ikd.daemon.policyfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example policies in conf/ must parse, without warnings, once their example PSK files are
 * mode 0600 (git does not keep that mode), and docs/policy-reference.md must name every key.
 */
class ConfExamplesTest {
    static final Path PROJECT = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path dir;

    private List<Path> copyConf() throws IOException {
        List<Path> policies = new ArrayList<>();
        try (Stream<Path> conf = Files.list(PROJECT.resolve("conf"))) {
            for (Path p : conf.toList()) {
                String n = p.getFileName().toString();
                boolean secret = n.endsWith(".psk") || n.endsWith(".xauth");       // PSK and XAUTH users files: mode 0600
                if (!n.endsWith(".toml") && !secret) continue;
                Path copy = Files.copy(p, dir.resolve(n));
                if (secret) Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
                else policies.add(copy);
            }
        }
        return policies;
    }

    @Test
    void everyExamplePolicyParsesWithoutWarnings() throws Exception {
        List<Path> policies = copyConf();
        assertTrue(policies.size() >= 5, "examples: " + policies);
        for (Path p : policies) {
            ParsedPolicy parsed = new PolicyFileParser(List.of(PolicyFiles.HOST_A)).parse(p);
            assertFalse(parsed.policy().rules().isEmpty(), p + " has no active rule");
            assertEquals(List.of(), parsed.warnings(), p.toString());
        }
    }

    @Test
    void examplePskFilesAreRefusedWhileGroupOrOthersCanReadThem() throws Exception {
        for (Path p : copyConf()) {
            try (Stream<Path> psks = Files.list(dir).filter(f -> f.toString().endsWith(".psk"))) {
                for (Path psk : psks.toList()) Files.setPosixFilePermissions(psk, PosixFilePermissions.fromString("rw-r--r--"));
            }
            PolicyFileException e = org.junit.jupiter.api.Assertions.assertThrows(PolicyFileException.class,
                    () -> new PolicyFileParser(List.of(PolicyFiles.HOST_A)).parse(p));
            assertTrue(e.getMessage().contains("chmod 600 " + dir), e.getMessage());
            return;     // one policy is enough: they share the rule
        }
    }

    @Test
    void referenceDocumentsEveryKey() throws IOException {
        String doc = Files.readString(PROJECT.resolve("docs/policy-reference.md"));
        List<List<String>> all = List.of(PolicyFileParser.KEYS, PolicyFileParser.DEFAULT_RESPONSE_KEYS, MainModeSection.KEYS,
                FilterListSection.LIST_KEYS, FilterListSection.FILTER_KEYS, FilterActionSection.KEYS, FilterActionSection.METHOD_KEYS,
                RuleSection.KEYS, RuleSection.TUNNEL_KEYS, RuleSection.DPD_KEYS, AuthenticationSection.KEYS, RemoteAccessSection.KEYS, RemoteAccessSection.LOGIN_KEYS);
        for (List<String> keys : all)
            for (String k : keys) assertTrue(doc.contains("`" + k + "`"), "docs/policy-reference.md does not name `" + k + "`");
    }
}
