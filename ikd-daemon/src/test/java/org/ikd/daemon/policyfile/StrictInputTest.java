package org.ikd.daemon.policyfile;

import static org.ikd.daemon.policyfile.PolicyFileValidationTest.LIST_ACTION_RULE;
import static org.ikd.daemon.policyfile.PolicyFileValidationTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 part 5: addresses that tools read differently, key files that are no files, and
 * rules that contradict each other, each refused or warned with {@code file:line:column}.
 */
class StrictInputTest {
    @TempDir
    Path dir;
    PolicyFiles files;

    @BeforeEach
    void pskFile() {
        files = new PolicyFiles(dir);
        files.psk("peer.psk", "correct horse battery staple\n");
    }

    private static String filterTo(String destination) {
        return LIST_ACTION_RULE.replace("destination = \"198.18.0.2\"", "destination = \"" + destination + "\"");
    }

    @Test
    void refusesAnAddressWithLeadingZerosAndWritesTheDecimalFix() {
        // inet_aton(3): "018" is no octal number and "010" is 8; ip(8) reads 18 and 10
        PolicyFileException e = files.reject(filterTo("198.018.0.010"));
        assertError(e, "2:30", "filter-lists.l.filters[0].destination",
                "'198.018.0.010' has an IPv4 octet with a leading zero, which inet_aton(3) reads as octal",
                "fix: \"198.18.0.10\"");
    }

    @Test
    void refusesALeadingZeroInAPrefixAndInATunnelEndpoint() {
        assertError(files.reject(filterTo("198.18.0.00/24")), "2:30", "fix: \"198.18.0.0/24\"");
        assertError(files.reject(LIST_ACTION_RULE + "tunnel = \"198.18.0.02\"\n"), "12:1", "rules[0].tunnel", "fix: \"198.18.0.2\"");
    }

    @Test
    void acceptsLeadingZerosInIpv6GroupsWhichAreHexEverywhere() throws PolicyFileException {
        ParsedPolicy p = files.parse("local-addresses = [\"2001:0002::0001\"]\n" + filterTo("2001:0002:0000::0002"));
        assertEquals("2001:2:0:0:0:0:0:1", p.meAddresses().get(0).getHostAddress());
    }

    @Test
    void refusesAnAddressWithSpacesAndWritesItWithout() {
        PolicyFileException e = files.reject(filterTo(" 198.18.0.2"));
        assertError(e, "2:30", "' 198.18.0.2' has spaces", "fix: \"198.18.0.2\"");
        assertError(files.reject("local-addresses = [\"198.18. 0.1\"]\n" + LIST_ACTION_RULE), "1:20", "'198.18. 0.1' has spaces");
    }

    @Test
    void refusesAFifoAsPskFileWithoutBlockingOnIt() throws Exception {
        Path fifo = dir.resolve("peer.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", "-m", "600", fifo.toString()).start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo");
        // Opening a FIFO for reading waits for a writer: the check must come first, so this returns at once.
        PolicyFileException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> files.reject(PolicyFiles.negotiateRule("{ psk-file = \"peer.fifo\" }")));
        assertError(e, "11:22", "PSK file " + fifo + " is a FIFO (named pipe)", "expected: a regular file, not a directory, device or FIFO");
    }

    @Test
    void refusesADeviceAsPskFile() {
        PolicyFileException e = files.reject(PolicyFiles.negotiateRule("{ psk-file = \"/dev/zero\" }"));
        assertError(e, "11:22", "PSK file /dev/zero is a character device");
    }

    @Test
    void refusesAKernelFileBehindASymlinkAsPskFile() throws Exception {
        // /proc files stat as regular files of size 0; /proc/self/environ is mode 0400, so permissions would pass
        Files.createSymbolicLink(dir.resolve("env.psk"), Path.of("/proc/self/environ"));
        PolicyFileException e = files.reject(PolicyFiles.negotiateRule("{ psk-file = \"env.psk\" }"));
        assertError(e, "11:22", "PSK file " + dir.resolve("env.psk") + " (-> /proc/", "is under /proc, a kernel file system");
    }

    @Test
    void warnsAboutIdenticalFiltersWithConflictingActionsNamingBothRules() throws PolicyFileException {
        ParsedPolicy p = files.parse("""
                [filter-lists.web]
                filters = [ { source = "me", destination = "198.18.0.7", protocol = "tcp", destination-port = 80 } ]

                [filter-lists.same-web]
                filters = [ { source = "198.18.0.9", destination = "any" },
                            { source = "me", destination = "198.18.0.7", protocol = "tcp", destination-port = 80 } ]

                [[rules]]
                name = "allow-web"
                filter-list = "web"
                filter-action = "permit"

                [[rules]]
                name = "block-web"
                filter-list = "same-web"
                filter-action = "block"
                """);
        List<String> w = p.warnings().stream().map(Diagnostic::toString).filter(s -> s.contains("same filter")).toList();
        assertEquals(List.of(files.dir().resolve("policy.toml") + ":14:1: warning: rules[1].name: rule 'block-web' has the same filter"
                + " as rule 'allow-web' (me -> 198.18.0.7[80] proto 6 (mirrored)) with another filter action: 'block' here,"
                + " 'permit' there; 'allow-web' comes first and decides, so 'block-web' never applies to that traffic"), w);
    }

    @Test
    void doesNotWarnAboutTheSameFilterWithTheSameActionOrADifferentFilter() throws PolicyFileException {
        ParsedPolicy p = files.parse("""
                [filter-lists.a]
                filters = [ { source = "me", destination = "198.18.0.7" } ]
                [filter-lists.b]
                filters = [ { source = "me", destination = "198.18.0.7", mirrored = false } ]

                [[rules]]
                name = "one"
                filter-list = "a"
                filter-action = "block"
                [[rules]]
                name = "two"
                filter-list = "a"
                filter-action = "block"
                [[rules]]
                name = "three"
                filter-list = "b"
                filter-action = "permit"
                """);
        assertTrue(p.warnings().stream().noneMatch(d -> d.message().contains("same filter")), p.warnings().toString());
    }
}
