package org.ikd.daemon.policyfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.ikd.daemon.Ikd;
import org.ikd.daemon.control.Version;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ikd check FILE}: exit 0 with a summary, 1 with every error, 2 on a usage error. */
class IkdCheckCommandTest {
    @TempDir
    Path dir;
    PolicyFiles files;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() {
        files = new PolicyFiles(dir);
        files.psk("peer.psk", "k\n");
    }

    private int ikd(String... args) {
        return Ikd.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void checkPrintsPolicyOkWithASummaryAndExitsZero() {
        Path p = files.write("policy.toml", PolicyFileValidationTest.LIST_ACTION_RULE);
        assertEquals(0, ikd("check", "--local-address", "198.18.0.1", p.toString()), err());
        assertTrue(out().startsWith("policy OK: 1 rule (1 negotiate), Main Mode aes256-sha256-modp2048 (+2 more) for 8h"), out());
        assertEquals("", err());
    }

    @Test
    void checkRefusesAHundredThousandRulesInOneLineWithoutAStackTrace() {
        // Before the limits: OutOfMemoryError and its stack trace after 20 s at 30,000 rules
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            int h = i + 2;
            b.append("[filter-lists.l").append(i).append("]\nfilters = [ { source = \"me\", destination = \"198.")
                    .append(18 + (h >> 16)).append('.').append(h >> 8 & 255).append('.').append(h & 255).append("\" } ]\n");
        }
        for (int i = 0; i < 100_000; i++)
            b.append("[[rules]]\nname = \"r").append(i).append("\"\nfilter-list = \"l").append(i).append("\"\nfilter-action = \"permit\"\n");
        Path p = files.write("policy.toml", b.toString());
        assertEquals(1, ikd("check", "--local-address", "198.18.0.1", p.toString()));
        assertEquals(p + ": 100000 rules; ikd loads at most 5000 (limit of rules per policy: " + PolicyFileInput.WHY + ")\n"
                + p + ": policy NOT OK: 1 error, 0 warnings\n", err());
        assertEquals("", out());
    }

    @Test
    void checkPrintsEveryErrorWithItsLineAndExitsOne() {
        Path p = files.write("policy.toml", "[main-mode]\nmethods = [\"aes129-sha1-modp2048\"]\nlifetime = \"soon\"\n");
        assertEquals(1, ikd("check", p.toString()));
        assertTrue(err().contains(p + ":2:12: main-mode.methods[0]: unknown Main Mode cipher 'aes129'"), err());
        assertTrue(err().contains(p + ":3:1: main-mode.lifetime: 'soon' is not a duration"), err());
        assertTrue(err().contains("policy NOT OK: 2 errors"), err());
        assertEquals("", out());
    }

    @Test
    void checkResolvesMeWithTheGivenLocalAddress() {
        Path p = files.write("policy.toml", PolicyFileValidationTest.LIST_ACTION_RULE);
        assertEquals(0, ikd("check", "--local-address", "2001:db8::1", p.toString()));
        assertTrue(out().startsWith("policy OK: 0 rules, 1 inactive (r)"), out());
        assertTrue(err().contains("rule 'r' is inactive on this host"), err());
    }

    @Test
    void checkWithoutAFileIsAUsageError() {
        assertEquals(2, ikd("check"));
        assertTrue(err().contains("Missing required parameter: 'FILE'"), err());
    }

    @Test
    void checkWithAHostNameAsLocalAddressIsAUsageError() {
        assertEquals(2, ikd("check", "--local-address", "gw.example.net", "policy.toml"));
        assertTrue(err().contains("--local-address gw.example.net is not an IP address"), err());
    }

    @Test
    void checkOfAMissingFileSaysSoAndExitsOne() {
        assertEquals(1, ikd("check", dir.resolve("absent.toml").toString()));
        assertTrue(err().contains("absent.toml: no such file"), err());
    }

    @Test
    void versionStillPrintsTheBanner() {
        assertEquals(0, ikd("--version"));
        assertEquals(Version.banner() + System.lineSeparator(), out());
        out.reset();
        assertEquals(0, ikd("-V"));
        assertEquals(Version.banner() + System.lineSeparator(), out());
    }

    @Test
    void helpListsTheCheckCommand() {
        assertEquals(0, ikd("--help"));
        assertTrue(out().contains("check"), out());
    }

    @Test
    void unknownArgumentsAndNoArgumentsAreUsageErrors() {
        assertEquals(2, ikd("--frobnicate"));
        assertEquals(2, ikd());
        assertTrue(err().contains("expected: check FILE, train, --version or --help"), err());
    }
}
