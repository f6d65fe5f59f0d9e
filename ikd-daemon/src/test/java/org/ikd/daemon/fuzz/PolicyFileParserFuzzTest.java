package org.ikd.daemon.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.ikd.daemon.policyfile.Diagnostic;
import org.ikd.daemon.policyfile.ParsedPolicy;
import org.ikd.daemon.policyfile.PolicyFileException;
import org.ikd.daemon.policyfile.PolicyFileParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz target 4 (issue 9): the policy-file parser. The input is written to a policy file of mode
 * 0600 beside the PSK files the examples in {@code conf/} name; {@link PolicyFileParser#parse}
 * either returns a policy or throws {@link PolicyFileException}, and no diagnostic, error or
 * warning, quotes a key read from a PSK file (unless the policy file itself spells it: the fuzzer
 * learns the key from the check and writes it into keys and values, which diagnostics rightly quote). Seeds: {@code conf/*.toml} (scripts/fuzz --seeds).
 */
class PolicyFileParserFuzzTest {
    /** What every PSK file here holds: a diagnostic that contains it leaks a key. */
    private static final String KEY = "fuzz-psk-4e1d0c9b";
    private static final List<String> PSK_FILES = List.of("demo.psk", "peer-b.psk", "gateway-b.psk");

    @TempDir
    Path dir;
    private PolicyFileParser parser;
    private Path policy;

    /** The policy reference's keys and values (docs/policy-reference.md): TOML a byte-level mutator rarely spells. */
    @DictionaryEntries({
            "accept-unsecured", "action", "aes128-sha1", "aes128-sha1-modp2048", "aes128-sha256",
            "aes128-sha256-modp2048", "aes128gcm16", "aes256-sha256-modp2048", "ah", "authentication", "block", "ca",
            "certificate", "crl", "delay", "description", "destination", "destination-port", "dpd", "enabled", "esp",
            "fallback-to-clear", "filter-action", "filter-list", "filter-lists", "filters", "key", "lifetime",
            "lifetime-kb", "local", "local-addresses", "local-id", "main-mode", "master-key-pfs", "methods",
            "mirrored", "name", "nat-traversal", "negotiate", "peer-id", "permit", "pfs", "protocol", "psk-file",
            "quick-mode-limit", "remote", "replay-window", "source", "source-port", "timeout", "tunnel", "me", "any",
            "tcp", "udp", "icmp", "true", "false", "[[rules]]", "[main-mode]", "[default-response]",
            "[filter-lists.", "[filter-actions.", "198.18.0.0/15", "198.18.0.2", "::1", "fe80::/10", "modp1024",
            "ecp256", "3des-sha1", "auto", "force", "off", "clear", "480m", "30s", "1h", "0x", "demo.psk",
            "peer-b.psk", "1000-2000", "65535"})
    @FuzzTest
    void policyFiles(byte[] input) throws IOException {
        if (parser == null) prepare();
        Files.write(policy, input);
        boolean keyInInput = new String(input, StandardCharsets.ISO_8859_1).contains(KEY);   // quoting the file is fine
        try {
            ParsedPolicy parsed = parser.parse(policy);
            if (!keyInInput) noKeyIn(parsed.warnings());
        } catch (PolicyFileException refused) {
            if (!keyInInput) noKeyIn(refused.errors());
            if (!keyInInput) noKeyIn(refused.warnings());
        }
    }

    private void prepare() throws IOException {
        for (String name : PSK_FILES) {
            Path p = Files.writeString(dir.resolve(name), KEY + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        }
        policy = Files.createFile(dir.resolve("policy.toml"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        parser = new PolicyFileParser(List.of(InetAddress.getByName("198.18.0.1")));
    }

    /** The harness reaches the whole parser: every seed (an example policy from conf/) parses, keys and all. */
    @Test
    void theSeedsAreValidPolicies() throws Exception {
        prepare();
        Path seeds = Path.of(getClass().getResource("PolicyFileParserFuzzTestInputs/policyFiles").toURI());
        List<Path> files;
        try (var list = Files.list(seeds)) {
            files = list.filter(p -> p.getFileName().toString().startsWith("seed-")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no seeds: scripts/fuzz --seeds");
        for (Path seed : files) {
            Files.write(policy, Files.readAllBytes(seed));         // keeps mode 0600
            ParsedPolicy parsed = parser.parse(policy);
            assertFalse(parsed.policy().rules().isEmpty(), seed + " has rules");
        }
    }

    private static void noKeyIn(List<Diagnostic> diagnostics) {
        for (Diagnostic d : diagnostics) assertFalse(d.toString().contains(KEY), "a diagnostic quotes the key: " + d);
    }
}
